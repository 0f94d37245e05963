"""The sample district's own catalogue: Spanish for every English string its letters print.

`liaison init --sample` writes it to translations/es.po in the home folder, so the sample's
Spanish letters carry no English but names and addresses. Written for parents in the United
States (usted, "renta", "tenis", times as the letters print them: "3:30 p.m."). School names
are names and stay as they are. Other languages are left for translators
(`liaison translations export vi`).
"""

from __future__ import annotations

ES: dict[str, str] = {
    # config: the liaison and the schools
    "Family Liaison": "Enlace familiar",
    "Monday to Friday, 7:45 to 3:30": "de lunes a viernes, de 7:45 a.m. a 3:30 p.m.",
    "Monday to Friday, 7:15 to 3:00": "de lunes a viernes, de 7:15 a.m. a 3:00 p.m.",
    "Monday to Friday, 7:00 to 2:45": "de lunes a viernes, de 7:00 a.m. a 2:45 p.m.",
    # config: supply lists
    "a backpack (no wheels)": "una mochila (sin ruedas)",
    "24 crayons": "24 crayones",
    "4 glue sticks": "4 barras de pegamento",
    "blunt-tip scissors": "unas tijeras de punta redonda",
    "a change of clothes in a bag": "una muda de ropa en una bolsa",
    "a box of tissues": "una caja de pañuelos desechables",
    "a backpack": "una mochila",
    "12 pencils": "12 lápices",
    "2 pink erasers": "2 borradores rosados",
    "a plastic folder": "una carpeta de plástico",
    "24 pencils": "24 lápices",
    "2 wide-ruled notebooks": "2 cuadernos de renglón ancho",
    "colored pencils": "lápices de colores",
    "a pencil box": "un estuche para lápices",
    "headphones": "audífonos",
    "3 wide-ruled notebooks": "3 cuadernos de renglón ancho",
    "2 folders": "2 carpetas",
    "a highlighter": "un marcador resaltador",
    "4 notebooks": "4 cuadernos",
    "3 folders": "3 carpetas",
    "a ruler (inches and cm)": "una regla (en pulgadas y centímetros)",
    "red pens": "bolígrafos rojos",
    "a reusable water bottle": "una botella de agua reutilizable",
    "5 notebooks": "5 cuadernos",
    "a 1-inch binder": "una carpeta de argollas de 1 pulgada",
    "a ruler": "una regla",
    "a calculator (basic)": "una calculadora (sencilla)",
    "a 2-inch binder with 5 dividers": "una carpeta de argollas de 2 pulgadas con 5 separadores",
    "loose-leaf paper": "hojas sueltas con renglones",
    "pencils and blue pens": "lápices y bolígrafos azules",
    "a protractor": "un transportador",
    "a basic calculator": "una calculadora sencilla",
    "earbuds": "audífonos de botón",
    "a combination lock for PE": "un candado de combinación para Educación Física",
    "graph paper": "papel cuadriculado",
    "a scientific calculator": "una calculadora científica",
    "a 2-inch binder with 6 dividers": "una carpeta de argollas de 2 pulgadas con 6 separadores",
    "highlighters": "marcadores resaltadores",
    "a notebook or binder for each class": "un cuaderno o una carpeta de argollas para cada clase",
    "pens and pencils": "bolígrafos y lápices",
    "a USB flash drive": "una memoria USB",
    "PE clothes and sneakers": "ropa y tenis para Educación Física",
    "index cards": "tarjetas de cartulina para apuntes",
    "a graphing calculator (the school can lend one)":
        "una calculadora gráfica (la escuela puede prestarle una)",
    # records: events (the hand-written caseload and the generated one)
    "Back-to-School Open House": "Jornada de puertas abiertas de regreso a clases",
    "Lincoln Elementary, gym and classrooms": "Lincoln Elementary, gimnasio y salones de clase",
    "Family Literacy Night": "Noche familiar de lectura",
    "Lincoln Elementary library": "Biblioteca de Lincoln Elementary",
    "Newcomer Families Community Potluck": "Comida compartida para familias recién llegadas",
    "Roosevelt Middle School cafeteria": "Cafetería de Roosevelt Middle School",
    "Middle School Math: How to Help at Home":
        "Matemáticas de la escuela intermedia: cómo ayudar en casa",
    "Roosevelt Middle School library": "Biblioteca de Roosevelt Middle School",
    "English Conversation for Parents": "Conversación en inglés para madres y padres",
    "Jefferson High School, Room 112": "Jefferson High School, salón 112",
    "Back-to-School Night": "Noche de regreso a clases",
    "Freshman Family Orientation": "Orientación para las familias de noveno grado",
    "Fall Conference Night": "Noche de reuniones de otoño con los maestros",
    "Winter Family Game Night": "Noche familiar de juegos de invierno",
    "College and Career Night": "Noche de universidades y carreras",
    # a school's name printed as an event's place is a name: it stays as it is
    "Lincoln Elementary": "Lincoln Elementary",
    "Roosevelt Middle School": "Roosevelt Middle School",
    "Jefferson High School": "Jefferson High School",
    # records: the services directory
    "Homework Help Club": "Club de ayuda con las tareas",
    "Grades 3-8; free; Monday to Thursday 3:30-5:30; no sign-up needed.":
        "De 3.er a 8.º grado; gratis; de lunes a jueves, de 3:30 a 5:30 p.m.; no hace falta "
        "inscribirse.",
    "Bright Futures Tutoring": "Tutorías Bright Futures",
    "Grades 9-12; SAT prep and college essays; weekday evenings and Saturday mornings.":
        "De 9.º a 12.º grado; preparación para el examen SAT y los ensayos de admisión a la "
        "universidad; entre semana por la tarde y los sábados por la mañana.",
    "School-based counselling": "Consejería en la escuela",
    "Any student; sessions at school during the day; parent consent needed; MassHealth or sliding scale.":
        "Cualquier estudiante; sesiones en la escuela durante el día; se necesita el permiso de "
        "la madre, el padre o el tutor; MassHealth o tarifa según los ingresos.",
    "Refugee youth and family counselling": "Consejería para jóvenes y familias refugiadas",
    "Refugee and asylum-seeking families; trauma-informed; free; interpreters provided.":
        "Familias refugiadas y solicitantes de asilo; atención especializada en trauma; gratis; "
        "con intérpretes.",
    "Riverton Community Food Pantry": "Despensa comunitaria de alimentos de Riverton",
    "Any Riverton household; once a week; ID or a utility bill if you have one; no questions about status.":
        "Cualquier hogar de Riverton; una vez por semana; traiga una identificación o una "
        "factura de servicios si la tiene; no se pregunta por la situación migratoria.",
    "Weekend Backpack Meals": "Mochilas con comida para el fin de semana",
    "Students on free or reduced-price lunch; a backpack of food every Friday; confidential.":
        "Estudiantes con almuerzo gratuito o a precio reducido; una mochila con comida cada "
        "viernes; confidencial.",
    "Emergency rental assistance": "Ayuda de emergencia para pagar la renta",
    "Riverton renters behind on rent or facing eviction; income limits apply; bring the lease.":
        "Inquilinos de Riverton atrasados con la renta o en riesgo de desalojo; hay límites de "
        "ingresos; traiga su contrato de arrendamiento.",
    "Family Shelter Network": "Red de albergues para familias",
    "Families without a fixed nighttime residence; the school keeps providing transport (McKinney-Vento).":
        "Familias sin un lugar fijo donde pasar la noche; la escuela sigue ofreciendo el "
        "transporte (ley McKinney-Vento).",
    "Riverton Community Health Center": "Centro de salud comunitario de Riverton",
    "Sliding scale; no insurance needed; interpreters on site; immunizations and school physicals.":
        "Tarifa según los ingresos; no se necesita seguro médico; intérpretes en el lugar; "
        "vacunas y exámenes médicos para la escuela.",
    "Mobile Dental Van": "Clínica dental móvil",
    "Grades K-8 with a signed parent consent form; free cleanings and sealants.":
        "Desde kínder hasta 8.º grado, con el formulario de permiso firmado por la madre, el "
        "padre o el tutor; limpiezas y selladores dentales gratis.",
    "Adult ESL evening classes": "Clases de inglés para adultos por la noche",
    "Adults 18+; free; Tuesday and Thursday 6-8 pm; childcare on site.":
        "Personas adultas de 18 años o más; gratis; martes y jueves de 6:00 a 8:00 p.m.; "
        "cuidado de niños en el lugar.",
    "Immigration and benefits legal clinic": "Clínica legal de inmigración y beneficios públicos",
    "Free consultations on immigration status, benefits and housing; by appointment.":
        "Consultas gratis sobre la situación migratoria, los beneficios públicos y la vivienda; "
        "con cita previa.",
    "Warm Hands Clothing Closet": "Ropero escolar Warm Hands",
    "Any student: winter coats, boots, uniforms and sneakers; ask the liaison.":
        "Cualquier estudiante: abrigos de invierno, botas, uniformes y tenis; pregunte al enlace "
        "familiar.",
    "Digital Access Program": "Programa de acceso digital",
    "Families of enrolled students; a loaner Chromebook and low-cost home internet sign-up.":
        "Familias de estudiantes inscritos; préstamo de una Chromebook e inscripción en un "
        "servicio de internet de bajo costo para el hogar.",
}

CATALOGUES: dict[str, dict[str, str]] = {"es": ES}
