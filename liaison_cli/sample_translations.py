"""The sample district's own catalogues: every English string its letters print, in each of
the nine letter languages besides English.

`liaison init --sample` writes them to translations/LANG.po in the home folder, so the sample's
letters carry no English but names and addresses. Written for parents in the United States, the
way a school letter to them would say it, with times as each language's letters print them:
Spanish uses usted, "renta", "tenis", "3:30 p.m."; Arabic is Modern Standard Arabic; Chinese is
Simplified ("上午7:45"); Somali says the part of the day ("3:30 galabnimo"); Haitian Creole uses
the US clock ("3:30 PM"); Portuguese is Brazilian ("15h30"); French writes "15 h 30" with
non-breaking spaces; Dari is Afghan usage (بعد از چاشت, پوهنتون, کرایه), with Persian digits as
its letters print dates. School names and other proper names stay as they are.
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

AR: dict[str, str] = {
    # config: the liaison and the schools
    "Family Liaison": "منسق التواصل مع الأسر",
    "Monday to Friday, 7:45 to 3:30": "من الاثنين إلى الجمعة، من 7:45 صباحًا إلى 3:30 مساءً",
    "Monday to Friday, 7:15 to 3:00": "من الاثنين إلى الجمعة، من 7:15 صباحًا إلى 3:00 مساءً",
    "Monday to Friday, 7:00 to 2:45": "من الاثنين إلى الجمعة، من 7:00 صباحًا إلى 2:45 مساءً",
    # config: supply lists
    "a backpack (no wheels)": "حقيبة ظهر (بدون عجلات)",
    "24 crayons": "24 قلم تلوين شمعي",
    "4 glue sticks": "4 أصابع غراء",
    "blunt-tip scissors": "مقص بأطراف مستديرة",
    "a change of clothes in a bag": "ملابس احتياطية في كيس",
    "a box of tissues": "علبة مناديل ورقية",
    "a backpack": "حقيبة ظهر",
    "12 pencils": "12 قلم رصاص",
    "2 pink erasers": "ممحاتان ورديتان",
    "a plastic folder": "ملف بلاستيكي",
    "24 pencils": "24 قلم رصاص",
    "2 wide-ruled notebooks": "دفتران بسطور عريضة",
    "colored pencils": "أقلام تلوين خشبية",
    "a pencil box": "مقلمة",
    "headphones": "سماعات رأس",
    "3 wide-ruled notebooks": "3 دفاتر بسطور عريضة",
    "2 folders": "ملفان",
    "a highlighter": "قلم تظليل (هايلايتر)",
    "4 notebooks": "4 دفاتر",
    "3 folders": "3 ملفات",
    "a ruler (inches and cm)": "مسطرة (بالبوصة والسنتيمتر)",
    "red pens": "أقلام حبر حمراء",
    "a reusable water bottle": "قارورة ماء قابلة لإعادة الاستخدام",
    "5 notebooks": "5 دفاتر",
    "a 1-inch binder": "ملف بحلقات مقاس 1 بوصة",
    "a ruler": "مسطرة",
    "a calculator (basic)": "آلة حاسبة (بسيطة)",
    "a 2-inch binder with 5 dividers": "ملف بحلقات مقاس 2 بوصة مع 5 فواصل",
    "loose-leaf paper": "أوراق مسطرة منفصلة",
    "pencils and blue pens": "أقلام رصاص وأقلام حبر زرقاء",
    "a protractor": "منقلة",
    "a basic calculator": "آلة حاسبة بسيطة",
    "earbuds": "سماعات أذن صغيرة",
    "a combination lock for PE": "قفل بأرقام سرية لحصة التربية البدنية",
    "graph paper": "ورق مربعات",
    "a scientific calculator": "آلة حاسبة علمية",
    "a 2-inch binder with 6 dividers": "ملف بحلقات مقاس 2 بوصة مع 6 فواصل",
    "highlighters": "أقلام تظليل (هايلايتر)",
    "a notebook or binder for each class": "دفتر أو ملف بحلقات لكل مادة",
    "pens and pencils": "أقلام حبر وأقلام رصاص",
    "a USB flash drive": "ذاكرة فلاش USB",
    "PE clothes and sneakers": "ملابس وحذاء رياضي لحصة التربية البدنية",
    "index cards": "بطاقات ملاحظات",
    "a graphing calculator (the school can lend one)":
        "آلة حاسبة بيانية (يمكن للمدرسة أن تعير واحدة)",
    # records: events (the hand-written caseload and the generated one)
    "Back-to-School Open House": "يوم الأبواب المفتوحة للعودة إلى المدرسة",
    "Lincoln Elementary, gym and classrooms":
        "Lincoln Elementary، الصالة الرياضية والفصول الدراسية",
    "Family Literacy Night": "أمسية القراءة العائلية",
    "Lincoln Elementary library": "مكتبة Lincoln Elementary",
    "Newcomer Families Community Potluck": "وجبة مجتمعية مشتركة للأسر القادمة حديثًا",
    "Roosevelt Middle School cafeteria": "مقصف Roosevelt Middle School",
    "Middle School Math: How to Help at Home":
        "الرياضيات في المرحلة الإعدادية: كيف تساعدون أبناءكم في البيت",
    "Roosevelt Middle School library": "مكتبة Roosevelt Middle School",
    "English Conversation for Parents": "محادثة باللغة الإنجليزية لأولياء الأمور",
    "Jefferson High School, Room 112": "Jefferson High School، الغرفة 112",
    "Back-to-School Night": "أمسية العودة إلى المدرسة",
    "Freshman Family Orientation": "لقاء تعريفي لأسر طلاب الصف التاسع",
    "Fall Conference Night": "أمسية لقاءات الخريف مع المعلمين",
    "Winter Family Game Night": "أمسية الألعاب العائلية الشتوية",
    "College and Career Night": "أمسية الجامعات والمهن",
    # a school's name printed as an event's place is a name: it stays as it is
    "Lincoln Elementary": "Lincoln Elementary",
    "Roosevelt Middle School": "Roosevelt Middle School",
    "Jefferson High School": "Jefferson High School",
    # records: the services directory
    "Homework Help Club": "نادي المساعدة في الواجبات المنزلية",
    "Grades 3-8; free; Monday to Thursday 3:30-5:30; no sign-up needed.":
        "من الصف الثالث إلى الصف الثامن؛ مجانًا؛ من الاثنين إلى الخميس، من 3:30 إلى 5:30 مساءً؛ "
        "لا حاجة إلى التسجيل.",
    "Bright Futures Tutoring": "دروس التقوية Bright Futures",
    "Grades 9-12; SAT prep and college essays; weekday evenings and Saturday mornings.":
        "من الصف التاسع إلى الصف الثاني عشر؛ التحضير لاختبار SAT ومقالات القبول الجامعي؛ مساء "
        "أيام الأسبوع وصباح السبت.",
    "School-based counselling": "الإرشاد النفسي في المدرسة",
    "Any student; sessions at school during the day; parent consent needed; MassHealth or sliding scale.":
        "لأي طالب؛ جلسات في المدرسة خلال اليوم الدراسي؛ تلزم موافقة ولي الأمر؛ MassHealth أو رسوم "
        "حسب الدخل.",
    "Refugee youth and family counselling": "الإرشاد النفسي للشباب والأسر اللاجئة",
    "Refugee and asylum-seeking families; trauma-informed; free; interpreters provided.":
        "الأسر اللاجئة وطالبو اللجوء؛ رعاية تراعي آثار الصدمات النفسية؛ مجانًا؛ يتوفر مترجمون.",
    "Riverton Community Food Pantry": "بنك الطعام المجتمعي في Riverton",
    "Any Riverton household; once a week; ID or a utility bill if you have one; no questions about status.":
        "لأي أسرة تسكن في Riverton؛ مرة واحدة في الأسبوع؛ بطاقة هوية أو فاتورة كهرباء أو ماء إن "
        "وجدت؛ لا أسئلة عن وضع الإقامة.",
    "Weekend Backpack Meals": "وجبات حقيبة نهاية الأسبوع",
    "Students on free or reduced-price lunch; a backpack of food every Friday; confidential.":
        "الطلاب المستفيدون من الغداء المجاني أو المخفض؛ حقيبة طعام كل يوم جمعة؛ بسرية تامة.",
    "Emergency rental assistance": "مساعدة طارئة لدفع الإيجار",
    "Riverton renters behind on rent or facing eviction; income limits apply; bring the lease.":
        "المستأجرون في Riverton المتأخرون في دفع الإيجار أو المهددون بالإخلاء؛ توجد حدود للدخل؛ "
        "أحضروا عقد الإيجار.",
    "Family Shelter Network": "شبكة ملاجئ الأسر",
    "Families without a fixed nighttime residence; the school keeps providing transport (McKinney-Vento).":
        "الأسر التي ليس لها مكان ثابت للمبيت ليلًا؛ تستمر المدرسة في توفير المواصلات (قانون "
        "McKinney-Vento).",
    "Riverton Community Health Center": "المركز الصحي المجتمعي في Riverton",
    "Sliding scale; no insurance needed; interpreters on site; immunizations and school physicals.":
        "رسوم حسب الدخل؛ لا حاجة إلى تأمين صحي؛ يتوفر مترجمون في المركز؛ تطعيمات وفحوص طبية "
        "للمدرسة.",
    "Mobile Dental Van": "عيادة الأسنان المتنقلة",
    "Grades K-8 with a signed parent consent form; free cleanings and sealants.":
        "من الروضة إلى الصف الثامن، مع استمارة موافقة موقعة من ولي الأمر؛ تنظيف الأسنان ووضع "
        "المادة الواقية على الأضراس مجانًا.",
    "Adult ESL evening classes": "دروس مسائية في اللغة الإنجليزية للكبار",
    "Adults 18+; free; Tuesday and Thursday 6-8 pm; childcare on site.":
        "للبالغين من عمر 18 سنة فما فوق؛ مجانًا؛ الثلاثاء والخميس من 6:00 إلى 8:00 مساءً؛ تتوفر "
        "رعاية للأطفال في المكان.",
    "Immigration and benefits legal clinic": "عيادة قانونية للهجرة والمساعدات الحكومية",
    "Free consultations on immigration status, benefits and housing; by appointment.":
        "استشارات مجانية حول وضع الهجرة والمساعدات والسكن؛ بموعد مسبق.",
    "Warm Hands Clothing Closet": "خزانة ملابس Warm Hands",
    "Any student: winter coats, boots, uniforms and sneakers; ask the liaison.":
        "لأي طالب: معاطف شتوية وأحذية طويلة وزي مدرسي وأحذية رياضية؛ اسألوا منسق التواصل مع الأسر.",
    "Digital Access Program": "برنامج الوصول الرقمي",
    "Families of enrolled students; a loaner Chromebook and low-cost home internet sign-up.":
        "أسر الطلاب المسجلين؛ إعارة جهاز Chromebook والمساعدة في الاشتراك في إنترنت منزلي بتكلفة "
        "منخفضة.",
}

VI: dict[str, str] = {
    # config: the liaison and the schools
    "Family Liaison": "Nhân viên liên lạc với gia đình",
    "Monday to Friday, 7:45 to 3:30": "từ thứ Hai đến thứ Sáu, 7:45 sáng đến 3:30 chiều",
    "Monday to Friday, 7:15 to 3:00": "từ thứ Hai đến thứ Sáu, 7:15 sáng đến 3:00 chiều",
    "Monday to Friday, 7:00 to 2:45": "từ thứ Hai đến thứ Sáu, 7:00 sáng đến 2:45 chiều",
    # config: supply lists
    "a backpack (no wheels)": "một ba lô (loại không có bánh xe)",
    "24 crayons": "24 cây bút sáp màu",
    "4 glue sticks": "4 thỏi keo dán khô",
    "blunt-tip scissors": "một cây kéo đầu tròn",
    "a change of clothes in a bag": "một bộ quần áo để thay, đựng trong túi",
    "a box of tissues": "một hộp khăn giấy",
    "a backpack": "một ba lô",
    "12 pencils": "12 cây bút chì",
    "2 pink erasers": "2 cục tẩy màu hồng",
    "a plastic folder": "một bìa đựng hồ sơ bằng nhựa",
    "24 pencils": "24 cây bút chì",
    "2 wide-ruled notebooks": "2 cuốn tập kẻ hàng rộng",
    "colored pencils": "bút chì màu",
    "a pencil box": "một hộp đựng bút",
    "headphones": "tai nghe",
    "3 wide-ruled notebooks": "3 cuốn tập kẻ hàng rộng",
    "2 folders": "2 bìa đựng hồ sơ",
    "a highlighter": "một cây bút dạ quang",
    "4 notebooks": "4 cuốn tập",
    "3 folders": "3 bìa đựng hồ sơ",
    "a ruler (inches and cm)": "một cây thước kẻ (có inch và cm)",
    "red pens": "bút bi đỏ",
    "a reusable water bottle": "một bình nước dùng nhiều lần",
    "5 notebooks": "5 cuốn tập",
    "a 1-inch binder": "một bìa còng 1 inch",
    "a ruler": "một cây thước kẻ",
    "a calculator (basic)": "một máy tính (loại đơn giản)",
    "a 2-inch binder with 5 dividers": "một bìa còng 2 inch với 5 tờ chia mục",
    "loose-leaf paper": "giấy rời có kẻ hàng",
    "pencils and blue pens": "bút chì và bút bi xanh",
    "a protractor": "một thước đo góc",
    "a basic calculator": "một máy tính đơn giản",
    "earbuds": "tai nghe nhét tai",
    "a combination lock for PE": "một ổ khóa số cho giờ thể dục",
    "graph paper": "giấy kẻ ô vuông",
    "a scientific calculator": "một máy tính khoa học",
    "a 2-inch binder with 6 dividers": "một bìa còng 2 inch với 6 tờ chia mục",
    "highlighters": "bút dạ quang",
    "a notebook or binder for each class": "một cuốn tập hoặc bìa còng cho mỗi môn học",
    "pens and pencils": "bút bi và bút chì",
    "a USB flash drive": "một USB",
    "PE clothes and sneakers": "quần áo và giày thể thao cho giờ thể dục",
    "index cards": "thẻ ghi chú bằng giấy cứng",
    "a graphing calculator (the school can lend one)":
        "một máy tính vẽ đồ thị (trường có thể cho mượn)",
    # records: events (the hand-written caseload and the generated one)
    "Back-to-School Open House": "Ngày hội đón chào năm học mới",
    "Lincoln Elementary, gym and classrooms": "Lincoln Elementary, phòng thể dục và các lớp học",
    "Family Literacy Night": "Đêm đọc sách cùng gia đình",
    "Lincoln Elementary library": "Thư viện Lincoln Elementary",
    "Newcomer Families Community Potluck":
        "Bữa ăn chung của cộng đồng dành cho các gia đình mới đến",
    "Roosevelt Middle School cafeteria": "Nhà ăn Roosevelt Middle School",
    "Middle School Math: How to Help at Home": "Toán cấp hai: cách giúp con ở nhà",
    "Roosevelt Middle School library": "Thư viện Roosevelt Middle School",
    "English Conversation for Parents": "Lớp trò chuyện tiếng Anh cho phụ huynh",
    "Jefferson High School, Room 112": "Jefferson High School, phòng 112",
    "Back-to-School Night": "Đêm tựu trường",
    "Freshman Family Orientation": "Buổi định hướng cho gia đình học sinh lớp 9",
    "Fall Conference Night": "Đêm họp phụ huynh với giáo viên mùa thu",
    "Winter Family Game Night": "Đêm trò chơi gia đình mùa đông",
    "College and Career Night": "Đêm thông tin về đại học và nghề nghiệp",
    # a school's name printed as an event's place is a name: it stays as it is
    "Lincoln Elementary": "Lincoln Elementary",
    "Roosevelt Middle School": "Roosevelt Middle School",
    "Jefferson High School": "Jefferson High School",
    # records: the services directory
    "Homework Help Club": "Câu lạc bộ giúp làm bài tập về nhà",
    "Grades 3-8; free; Monday to Thursday 3:30-5:30; no sign-up needed.":
        "Lớp 3 đến lớp 8; miễn phí; thứ Hai đến thứ Năm, 3:30 đến 5:30 chiều; không cần ghi danh.",
    "Bright Futures Tutoring": "Dạy kèm Bright Futures",
    "Grades 9-12; SAT prep and college essays; weekday evenings and Saturday mornings.":
        "Lớp 9 đến lớp 12; luyện thi SAT và bài luận xin vào đại học; buổi tối các ngày trong "
        "tuần và sáng thứ Bảy.",
    "School-based counselling": "Tư vấn tâm lý tại trường",
    "Any student; sessions at school during the day; parent consent needed; MassHealth or sliding scale.":
        "Mọi học sinh; các buổi gặp tại trường trong giờ học; cần sự đồng ý của phụ huynh; "
        "MassHealth hoặc chi phí tùy theo thu nhập.",
    "Refugee youth and family counselling": "Tư vấn tâm lý cho thanh thiếu niên và gia đình tị nạn",
    "Refugee and asylum-seeking families; trauma-informed; free; interpreters provided.":
        "Gia đình tị nạn và gia đình đang xin tị nạn; chăm sóc có hiểu biết về sang chấn tâm lý; "
        "miễn phí; có thông dịch viên.",
    "Riverton Community Food Pantry": "Kho thực phẩm cộng đồng Riverton",
    "Any Riverton household; once a week; ID or a utility bill if you have one; no questions about status.":
        "Mọi hộ gia đình ở Riverton; mỗi tuần một lần; giấy tờ tùy thân hoặc một hóa đơn điện "
        "nước nếu quý vị có; không hỏi về tình trạng di trú.",
    "Weekend Backpack Meals": "Ba lô thức ăn cuối tuần",
    "Students on free or reduced-price lunch; a backpack of food every Friday; confidential.":
        "Học sinh được ăn trưa miễn phí hoặc giảm giá; một ba lô thức ăn mỗi thứ Sáu; giữ kín.",
    "Emergency rental assistance": "Trợ giúp khẩn cấp tiền thuê nhà",
    "Riverton renters behind on rent or facing eviction; income limits apply; bring the lease.":
        "Người thuê nhà ở Riverton bị trễ tiền nhà hoặc sắp bị đuổi nhà; có giới hạn thu nhập; "
        "mang theo hợp đồng thuê nhà.",
    "Family Shelter Network": "Mạng lưới nơi tạm trú cho gia đình",
    "Families without a fixed nighttime residence; the school keeps providing transport (McKinney-Vento).":
        "Gia đình không có chỗ ở cố định qua đêm; trường vẫn tiếp tục đưa đón học sinh (luật "
        "McKinney-Vento).",
    "Riverton Community Health Center": "Trung tâm Y tế Cộng đồng Riverton",
    "Sliding scale; no insurance needed; interpreters on site; immunizations and school physicals.":
        "Chi phí tùy theo thu nhập; không cần bảo hiểm; có thông dịch viên tại chỗ; chích ngừa và "
        "khám sức khỏe cho trường.",
    "Mobile Dental Van": "Xe nha khoa lưu động",
    "Grades K-8 with a signed parent consent form; free cleanings and sealants.":
        "Lớp mẫu giáo đến lớp 8, cần đơn đồng ý có chữ ký của phụ huynh; làm sạch răng và trám "
        "bít hố rãnh miễn phí.",
    "Adult ESL evening classes": "Lớp tiếng Anh buổi tối cho người lớn",
    "Adults 18+; free; Tuesday and Thursday 6-8 pm; childcare on site.":
        "Người lớn từ 18 tuổi trở lên; miễn phí; thứ Ba và thứ Năm, 6:00 đến 8:00 tối; có giữ trẻ "
        "tại chỗ.",
    "Immigration and benefits legal clinic": "Phòng tư vấn pháp lý về di trú và trợ cấp",
    "Free consultations on immigration status, benefits and housing; by appointment.":
        "Tư vấn miễn phí về tình trạng di trú, trợ cấp và nhà ở; cần hẹn trước.",
    "Warm Hands Clothing Closet": "Tủ quần áo Warm Hands",
    "Any student: winter coats, boots, uniforms and sneakers; ask the liaison.":
        "Mọi học sinh: áo khoác mùa đông, ủng, đồng phục và giày thể thao; xin hỏi nhân viên liên "
        "lạc với gia đình.",
    "Digital Access Program": "Chương trình Tiếp cận Kỹ thuật số",
    "Families of enrolled students; a loaner Chromebook and low-cost home internet sign-up.":
        "Gia đình có con đang học tại trường; cho mượn máy Chromebook và giúp đăng ký internet "
        "tại nhà giá rẻ.",
}

ZH: dict[str, str] = {
    # config: the liaison and the schools
    "Family Liaison": "家庭联络员",
    "Monday to Friday, 7:45 to 3:30": "周一至周五，上午7:45至下午3:30",
    "Monday to Friday, 7:15 to 3:00": "周一至周五，上午7:15至下午3:00",
    "Monday to Friday, 7:00 to 2:45": "周一至周五，上午7:00至下午2:45",
    # config: supply lists
    "a backpack (no wheels)": "一个书包（不要带轮子的）",
    "24 crayons": "24支蜡笔",
    "4 glue sticks": "4支固体胶",
    "blunt-tip scissors": "一把圆头剪刀",
    "a change of clothes in a bag": "一套替换衣服，装在袋子里",
    "a box of tissues": "一盒面巾纸",
    "a backpack": "一个书包",
    "12 pencils": "12支铅笔",
    "2 pink erasers": "2块粉色橡皮",
    "a plastic folder": "一个塑料文件夹",
    "24 pencils": "24支铅笔",
    "2 wide-ruled notebooks": "2本宽行横线练习本",
    "colored pencils": "彩色铅笔",
    "a pencil box": "一个笔盒",
    "headphones": "头戴式耳机",
    "3 wide-ruled notebooks": "3本宽行横线练习本",
    "2 folders": "2个文件夹",
    "a highlighter": "一支荧光笔",
    "4 notebooks": "4本练习本",
    "3 folders": "3个文件夹",
    "a ruler (inches and cm)": "一把尺子（有英寸和厘米刻度）",
    "red pens": "红色圆珠笔",
    "a reusable water bottle": "一个可重复使用的水瓶",
    "5 notebooks": "5本练习本",
    "a 1-inch binder": "一个1英寸活页夹",
    "a ruler": "一把尺子",
    "a calculator (basic)": "一个计算器（普通的）",
    "a 2-inch binder with 5 dividers": "一个2英寸活页夹，带5张分隔页",
    "loose-leaf paper": "活页纸",
    "pencils and blue pens": "铅笔和蓝色圆珠笔",
    "a protractor": "一个量角器",
    "a basic calculator": "一个普通计算器",
    "earbuds": "入耳式耳机",
    "a combination lock for PE": "一把体育课用的密码锁",
    "graph paper": "方格纸",
    "a scientific calculator": "一个科学计算器",
    "a 2-inch binder with 6 dividers": "一个2英寸活页夹，带6张分隔页",
    "highlighters": "荧光笔",
    "a notebook or binder for each class": "每门课一本练习本或一个活页夹",
    "pens and pencils": "圆珠笔和铅笔",
    "a USB flash drive": "一个U盘",
    "PE clothes and sneakers": "体育课穿的运动服和运动鞋",
    "index cards": "索引卡片",
    "a graphing calculator (the school can lend one)": "一个图形计算器（学校可以借给学生）",
    # records: events (the hand-written caseload and the generated one)
    "Back-to-School Open House": "开学开放日",
    "Lincoln Elementary, gym and classrooms": "Lincoln Elementary，体育馆和教室",
    "Family Literacy Night": "家庭阅读之夜",
    "Lincoln Elementary library": "Lincoln Elementary 图书馆",
    "Newcomer Families Community Potluck": "新移民家庭社区聚餐（每家带一道菜）",
    "Roosevelt Middle School cafeteria": "Roosevelt Middle School 食堂",
    "Middle School Math: How to Help at Home": "初中数学：家长如何在家辅导",
    "Roosevelt Middle School library": "Roosevelt Middle School 图书馆",
    "English Conversation for Parents": "家长英语会话班",
    "Jefferson High School, Room 112": "Jefferson High School，112 教室",
    "Back-to-School Night": "返校之夜",
    "Freshman Family Orientation": "九年级新生家庭说明会",
    "Fall Conference Night": "秋季家长会之夜",
    "Winter Family Game Night": "冬季家庭游戏之夜",
    "College and Career Night": "大学与职业之夜",
    # a school's name printed as an event's place is a name: it stays as it is
    "Lincoln Elementary": "Lincoln Elementary",
    "Roosevelt Middle School": "Roosevelt Middle School",
    "Jefferson High School": "Jefferson High School",
    # records: the services directory
    "Homework Help Club": "作业辅导俱乐部",
    "Grades 3-8; free; Monday to Thursday 3:30-5:30; no sign-up needed.":
        "三至八年级；免费；周一至周四下午3:30至5:30；无需报名。",
    "Bright Futures Tutoring": "Bright Futures 课业辅导",
    "Grades 9-12; SAT prep and college essays; weekday evenings and Saturday mornings.":
        "九至十二年级；SAT 备考和大学申请文书；工作日晚上和周六上午。",
    "School-based counselling": "校内心理辅导",
    "Any student; sessions at school during the day; parent consent needed; MassHealth or sliding scale.":
        "所有学生均可参加；白天在学校进行；需要家长同意；可使用 MassHealth，或按收入收费。",
    "Refugee youth and family counselling": "难民青少年和家庭心理辅导",
    "Refugee and asylum-seeking families; trauma-informed; free; interpreters provided.":
        "难民家庭和寻求庇护的家庭；以创伤知情方式提供服务；免费；提供翻译。",
    "Riverton Community Food Pantry": "Riverton 社区食品发放站",
    "Any Riverton household; once a week; ID or a utility bill if you have one; no questions about status.":
        "所有 Riverton 住户均可领取；每周一次；如有身份证件或水电煤账单请带上；不询问移民身份。",
    "Weekend Backpack Meals": "周末书包餐",
    "Students on free or reduced-price lunch; a backpack of food every Friday; confidential.":
        "享受免费或减价午餐的学生；每周五领取一书包食物；保密。",
    "Emergency rental assistance": "紧急房租援助",
    "Riverton renters behind on rent or facing eviction; income limits apply; bring the lease.":
        "拖欠房租或面临被驱逐的 Riverton 租户；有收入限制；请带上租房合同。",
    "Family Shelter Network": "家庭庇护所网络",
    "Families without a fixed nighttime residence; the school keeps providing transport (McKinney-Vento).":
        "夜间没有固定住所的家庭；学校继续提供校车接送（McKinney-Vento 法案）。",
    "Riverton Community Health Center": "Riverton 社区健康中心",
    "Sliding scale; no insurance needed; interpreters on site; immunizations and school physicals.":
        "按收入收费；没有医疗保险也可以看病；现场有翻译；提供疫苗接种和入学体检。",
    "Mobile Dental Van": "流动牙科车",
    "Grades K-8 with a signed parent consent form; free cleanings and sealants.":
        "幼儿园大班至八年级，需交家长签名的同意书；免费洗牙和窝沟封闭。",
    "Adult ESL evening classes": "成人英语夜校",
    "Adults 18+; free; Tuesday and Thursday 6-8 pm; childcare on site.":
        "18岁及以上成人；免费；每周二和周四晚上6:00至8:00；现场提供儿童看护。",
    "Immigration and benefits legal clinic": "移民和福利法律咨询门诊",
    "Free consultations on immigration status, benefits and housing; by appointment.":
        "免费咨询移民身份、福利和住房问题；需预约。",
    "Warm Hands Clothing Closet": "Warm Hands 爱心衣物站",
    "Any student: winter coats, boots, uniforms and sneakers; ask the liaison.":
        "所有学生：冬季外套、靴子、校服和运动鞋；请联系家庭联络员。",
    "Digital Access Program": "数字设备与上网支持计划",
    "Families of enrolled students; a loaner Chromebook and low-cost home internet sign-up.":
        "在校学生的家庭；借用 Chromebook，并协助办理低价家庭宽带。",
}

SO: dict[str, str] = {
    # config: the liaison and the schools
    "Family Liaison": "Xiriiriyaha Qoysaska",
    "Monday to Friday, 7:45 to 3:30": "Isniinta ilaa Jimcaha, 7:45 subaxnimo ilaa 3:30 galabnimo",
    "Monday to Friday, 7:15 to 3:00": "Isniinta ilaa Jimcaha, 7:15 subaxnimo ilaa 3:00 galabnimo",
    "Monday to Friday, 7:00 to 2:45": "Isniinta ilaa Jimcaha, 7:00 subaxnimo ilaa 2:45 galabnimo",
    # config: supply lists
    "a backpack (no wheels)": "boorso dhabarka la saarto (aan lahayn shaagag)",
    "24 crayons": "24 qalin oo midab leh oo shamac ah (crayons)",
    "4 glue sticks": "4 xabbo oo xabag ul ah",
    "blunt-tip scissors": "maqas aan af fiiqan lahayn",
    "a change of clothes in a bag": "dhar beddel ah oo bac ku jira",
    "a box of tissues": "sanduuq warqado sanka lagu tirto (tissues)",
    "a backpack": "boorso dhabarka la saarto",
    "12 pencils": "12 qalin qori",
    "2 pink erasers": "2 tirtire oo casaan khafiif ah",
    "a plastic folder": "gal balaastig ah",
    "24 pencils": "24 qalin qori",
    "2 wide-ruled notebooks": "2 buug oo xarriiqyo ballaaran leh",
    "colored pencils": "qalimaan midab leh",
    "a pencil box": "sanduuq qalimaanta lagu rido",
    "headphones": "sameecado dhegaha (headphones)",
    "3 wide-ruled notebooks": "3 buug oo xarriiqyo ballaaran leh",
    "2 folders": "2 gal",
    "a highlighter": "qalin iftiimiye (highlighter)",
    "4 notebooks": "4 buug",
    "3 folders": "3 gal",
    "a ruler (inches and cm)": "mastarad (inji iyo sentimitir)",
    "red pens": "qalimaan khad cas",
    "a reusable water bottle": "dhalo biyo oo dib loo isticmaali karo",
    "5 notebooks": "5 buug",
    "a 1-inch binder": "gal giraan leh oo 1 inji ah (binder)",
    "a ruler": "mastarad",
    "a calculator (basic)": "mashiin xisaab (caadi ah)",
    "a 2-inch binder with 5 dividers": "gal giraan leh oo 2 inji ah oo leh 5 kala-qaybiye",
    "loose-leaf paper": "warqado furan oo xarriiq leh",
    "pencils and blue pens": "qalin qori iyo qalimaan khad buluug ah",
    "a protractor": "qalabka cabbirka xaglaha (protractor)",
    "a basic calculator": "mashiin xisaab oo caadi ah",
    "earbuds": "sameecado yaryar oo dhegta la geliyo (earbuds)",
    "a combination lock for PE": "quful lambar leh oo loogu talagalay jimicsiga (PE)",
    "graph paper": "warqad afar-geesle ah (graph paper)",
    "a scientific calculator": "mashiin xisaab oo sayniska ah",
    "a 2-inch binder with 6 dividers": "gal giraan leh oo 2 inji ah oo leh 6 kala-qaybiye",
    "highlighters": "qalimaan iftiimiye (highlighters)",
    "a notebook or binder for each class": "buug ama gal giraan leh oo fasal kasta ah",
    "pens and pencils": "qalimaan khad iyo qalin qori",
    "a USB flash drive": "USB (flash drive)",
    "PE clothes and sneakers": "dharka jimicsiga iyo kabaha ciyaaraha (PE)",
    "index cards": "kaararka qoraalka yaryar (index cards)",
    "a graphing calculator (the school can lend one)":
        "mashiin xisaab oo garaaf sawira (dugsigu wuu amaahin karaa mid)",
    # records: events (the hand-written caseload and the generated one)
    "Back-to-School Open House": "Maalinta Albaabada Furan ee Bilowga Dugsiga",
    "Lincoln Elementary, gym and classrooms": "Lincoln Elementary, hoolka jimicsiga iyo fasallada",
    "Family Literacy Night": "Habeenka Akhriska Qoyska",
    "Lincoln Elementary library": "Maktabadda Lincoln Elementary",
    "Newcomer Families Community Potluck":
        "Cunno Wadaag Bulsheed oo loogu talagalay Qoysaska Cusub",
    "Roosevelt Middle School cafeteria": "Makhaayadda Roosevelt Middle School",
    "Middle School Math: How to Help at Home":
        "Xisaabta Dugsiga Dhexe: Sidee Guriga Looga Caawiyaa",
    "Roosevelt Middle School library": "Maktabadda Roosevelt Middle School",
    "English Conversation for Parents": "Wada-hadal Ingiriisi ah oo loogu talagalay Waalidiinta",
    "Jefferson High School, Room 112": "Jefferson High School, Qolka 112",
    "Back-to-School Night": "Habeenka Bilowga Dugsiga",
    "Freshman Family Orientation": "Hagitaanka Qoysaska Ardayda Fasalka 9aad",
    "Fall Conference Night": "Habeenka Kulanka Dayrta ee Macallimiinta",
    "Winter Family Game Night": "Habeenka Ciyaaraha Qoyska ee Jiilaalka",
    "College and Career Night": "Habeenka Jaamacadaha iyo Shaqooyinka",
    # a school's name printed as an event's place is a name: it stays as it is
    "Lincoln Elementary": "Lincoln Elementary",
    "Roosevelt Middle School": "Roosevelt Middle School",
    "Jefferson High School": "Jefferson High School",
    # records: the services directory
    "Homework Help Club": "Kooxda Caawinta Casharrada Guriga",
    "Grades 3-8; free; Monday to Thursday 3:30-5:30; no sign-up needed.":
        "Fasallada 3aad ilaa 8aad; bilaash; Isniinta ilaa Khamiista, 3:30 ilaa 5:30 galabnimo; "
        "looma baahna is-diiwaangelin.",
    "Bright Futures Tutoring": "Casharrada Gaarka ah ee Bright Futures",
    "Grades 9-12; SAT prep and college essays; weekday evenings and Saturday mornings.":
        "Fasallada 9aad ilaa 12aad; u diyaargarowga imtixaanka SAT iyo qoraallada jaamacadda; "
        "habeenada maalmaha shaqada iyo subaxda Sabtida.",
    "School-based counselling": "La-talinta nafsiga ah ee dugsiga",
    "Any student; sessions at school during the day; parent consent needed; MassHealth or sliding scale.":
        "Arday kasta; kulamo dugsiga lagu qabto maalintii; waxaa loo baahan yahay oggolaanshaha "
        "waalidka; MassHealth ama qiimo ku xiran dakhliga.",
    "Refugee youth and family counselling":
        "La-talinta nafsiga ah ee dhallinyarada iyo qoysaska qaxootiga ah",
    "Refugee and asylum-seeking families; trauma-informed; free; interpreters provided.":
        "Qoysaska qaxootiga ah iyo kuwa magangalyo doonka ah; daryeel ku salaysan fahamka "
        "dhaawaca nafsiga; bilaash; turjumaano ayaa la helayaa.",
    "Riverton Community Food Pantry": "Bakhaarka Cuntada Bulshada ee Riverton",
    "Any Riverton household; once a week; ID or a utility bill if you have one; no questions about status.":
        "Qoys kasta oo Riverton deggan; toddobaadkii mar; aqoonsi ama biilka korontada ama biyaha "
        "haddii aad haysato; lagama weydiinayo xaaladda sharciga socdaalka.",
    "Weekend Backpack Meals": "Cuntada Boorsada ee Dhammaadka Toddobaadka",
    "Students on free or reduced-price lunch; a backpack of food every Friday; confidential.":
        "Ardayda hela qadada bilaashka ah ama qiimaha la dhimay; boorso cunto ah Jimce kasta; si "
        "qarsoodi ah.",
    "Emergency rental assistance": "Kaalmada degdegga ah ee kirada",
    "Riverton renters behind on rent or facing eviction; income limits apply; bring the lease.":
        "Kireystayaasha Riverton ee kirada ka dib dhacay ama laga saari doono guriga; waxaa jira "
        "xad dakhli; keen heshiiska kirada.",
    "Family Shelter Network": "Shabakadda Hoyga Qoysaska",
    "Families without a fixed nighttime residence; the school keeps providing transport (McKinney-Vento).":
        "Qoysaska aan lahayn meel go'an oo ay habeenkii seexdaan; dugsigu wuu sii wadaa gaadiidka "
        "(sharciga McKinney-Vento).",
    "Riverton Community Health Center": "Xarunta Caafimaadka Bulshada ee Riverton",
    "Sliding scale; no insurance needed; interpreters on site; immunizations and school physicals.":
        "Qiimo ku xiran dakhliga; looma baahna caymis; turjumaano goobta joogta; tallaalka iyo "
        "baaritaanka caafimaadka dugsiga.",
    "Mobile Dental Van": "Gaariga Ilkaha ee Socda",
    "Grades K-8 with a signed parent consent form; free cleanings and sealants.":
        "Xanaanada ilaa Fasalka 8aad, iyadoo la keeno foomka oggolaanshaha oo waalidku saxiixay; "
        "nadiifinta ilkaha iyo daboolka ilkaha oo bilaash ah.",
    "Adult ESL evening classes": "Fasallada fiidkii ee Ingiriisiga dadka waaweyn",
    "Adults 18+; free; Tuesday and Thursday 6-8 pm; childcare on site.":
        "Dadka waaweyn ee 18 jir iyo ka weyn; bilaash; Talaadada iyo Khamiista, 6:00 ilaa 8:00 "
        "fiidnimo; xannaanada carruurta ayaa goobta ku taal.",
    "Immigration and benefits legal clinic": "Rugta sharciga ee socdaalka iyo gargaarka dowladda",
    "Free consultations on immigration status, benefits and housing; by appointment.":
        "La-tashi bilaash ah oo ku saabsan xaaladda socdaalka, gargaarka iyo guryaha; ballan ayaa "
        "loo baahan yahay.",
    "Warm Hands Clothing Closet": "Kaydka Dharka ee Warm Hands",
    "Any student: winter coats, boots, uniforms and sneakers; ask the liaison.":
        "Arday kasta: jaakadaha jiilaalka, kabaha buudka, labiska dugsiga iyo kabaha ciyaaraha; "
        "weydii xiriiriyaha qoysaska.",
    "Digital Access Program": "Barnaamijka Helitaanka Tignoolajiyada",
    "Families of enrolled students; a loaner Chromebook and low-cost home internet sign-up.":
        "Qoysaska ardayda dugsiga ka diiwaangashan; amaahinta Chromebook iyo is-diiwaangelinta "
        "internet guriga oo qiimo jaban.",
}

HT: dict[str, str] = {
    # config: the liaison and the schools
    "Family Liaison": "Responsab lyezon ak fanmi yo",
    "Monday to Friday, 7:45 to 3:30": "lendi rive vandredi, 7:45 AM rive 3:30 PM",
    "Monday to Friday, 7:15 to 3:00": "lendi rive vandredi, 7:15 AM rive 3:00 PM",
    "Monday to Friday, 7:00 to 2:45": "lendi rive vandredi, 7:00 AM rive 2:45 PM",
    # config: supply lists
    "a backpack (no wheels)": "yon sak lekòl (san wou)",
    "24 crayons": "24 kreyon sir",
    "4 glue sticks": "4 baton lakòl",
    "blunt-tip scissors": "yon sizo ki gen pwent won",
    "a change of clothes in a bag": "yon rechanj rad nan yon sache",
    "a box of tissues": "yon bwat papye mouchwa",
    "a backpack": "yon sak lekòl",
    "12 pencils": "12 kreyon",
    "2 pink erasers": "2 gòm wòz",
    "a plastic folder": "yon katab plastik",
    "24 pencils": "24 kreyon",
    "2 wide-ruled notebooks": "2 kaye ki gen gwo liy",
    "colored pencils": "kreyon koulè",
    "a pencil box": "yon bwat kreyon",
    "headphones": "ekoutè",
    "3 wide-ruled notebooks": "3 kaye ki gen gwo liy",
    "2 folders": "2 katab",
    "a highlighter": "yon makè fliyoresan",
    "4 notebooks": "4 kaye",
    "3 folders": "3 katab",
    "a ruler (inches and cm)": "yon règ (an pous ak an santimèt)",
    "red pens": "plim wouj",
    "a reusable water bottle": "yon boutèy dlo ou ka reyitilize",
    "5 notebooks": "5 kaye",
    "a 1-inch binder": "yon kartab a bag 1 pous",
    "a ruler": "yon règ",
    "a calculator (basic)": "yon kalkilatris (senp)",
    "a 2-inch binder with 5 dividers": "yon kartab a bag 2 pous ak 5 separatè",
    "loose-leaf paper": "fèy papye ki gen liy",
    "pencils and blue pens": "kreyon ak plim ble",
    "a protractor": "yon rapòtè",
    "a basic calculator": "yon kalkilatris senp",
    "earbuds": "ti ekoutè pou zòrèy",
    "a combination lock for PE": "yon kadna a kòd pou klas edikasyon fizik",
    "graph paper": "papye kadriye",
    "a scientific calculator": "yon kalkilatris syantifik",
    "a 2-inch binder with 6 dividers": "yon kartab a bag 2 pous ak 6 separatè",
    "highlighters": "makè fliyoresan",
    "a notebook or binder for each class": "yon kaye oswa yon kartab pou chak klas",
    "pens and pencils": "plim ak kreyon",
    "a USB flash drive": "yon kle USB",
    "PE clothes and sneakers": "rad ak tenis pou klas edikasyon fizik",
    "index cards": "ti kat pou pran nòt",
    "a graphing calculator (the school can lend one)":
        "yon kalkilatris grafik (lekòl la ka prete w youn)",
    # records: events (the hand-written caseload and the generated one)
    "Back-to-School Open House": "Jounen pòt louvri pou rantre lekòl",
    "Lincoln Elementary, gym and classrooms": "Lincoln Elementary, jimnazyòm ak sal klas yo",
    "Family Literacy Night": "Swarè lekti an fanmi",
    "Lincoln Elementary library": "Bibliyotèk Lincoln Elementary",
    "Newcomer Families Community Potluck": "Repa kominotè pou fanmi ki fèk rive",
    "Roosevelt Middle School cafeteria": "Kafeterya Roosevelt Middle School",
    "Middle School Math: How to Help at Home": "Matematik nan middle school: kijan pou ede lakay",
    "Roosevelt Middle School library": "Bibliyotèk Roosevelt Middle School",
    "English Conversation for Parents": "Konvèsasyon an angle pou paran",
    "Jefferson High School, Room 112": "Jefferson High School, sal 112",
    "Back-to-School Night": "Swarè rantre lekòl",
    "Freshman Family Orientation": "Oryantasyon pou fanmi elèv 9yèm ane",
    "Fall Conference Night": "Swarè rankont paran ak pwofesè nan otòn",
    "Winter Family Game Night": "Swarè jwèt an fanmi nan sezon ivè",
    "College and Career Night": "Swarè sou inivèsite ak metye",
    # a school's name printed as an event's place is a name: it stays as it is
    "Lincoln Elementary": "Lincoln Elementary",
    "Roosevelt Middle School": "Roosevelt Middle School",
    "Jefferson High School": "Jefferson High School",
    # records: the services directory
    "Homework Help Club": "Klib èd pou devwa",
    "Grades 3-8; free; Monday to Thursday 3:30-5:30; no sign-up needed.":
        "3yèm rive 8yèm ane; gratis; lendi rive jedi, 3:30 rive 5:30 PM; pa bezwen enskri.",
    "Bright Futures Tutoring": "Leson patikilye Bright Futures",
    "Grades 9-12; SAT prep and college essays; weekday evenings and Saturday mornings.":
        "9yèm rive 12yèm ane; preparasyon pou egzamen SAT ak redaksyon pou antre nan inivèsite; "
        "lasemèn nan aswè ak samdi maten.",
    "School-based counselling": "Konsèy sikolojik nan lekòl la",
    "Any student; sessions at school during the day; parent consent needed; MassHealth or sliding scale.":
        "Nenpòt elèv; seyans nan lekòl la pandan jounen an; paran dwe bay pèmisyon; MassHealth "
        "oswa pri selon revni.",
    "Refugee youth and family counselling": "Konsèy sikolojik pou jèn ak fanmi refijye",
    "Refugee and asylum-seeking families; trauma-informed; free; interpreters provided.":
        "Fanmi refijye ak fanmi k ap mande azil; swen ki konprann twomatis; gratis; gen entèprèt.",
    "Riverton Community Food Pantry": "Banki manje kominotè Riverton",
    "Any Riverton household; once a week; ID or a utility bill if you have one; no questions about status.":
        "Nenpòt fanmi ki rete Riverton; yon fwa pa semèn; yon pyès idantite oswa yon bòdwo kouran "
        "oswa dlo si w genyen; yo pa poze kesyon sou estati imigrasyon.",
    "Weekend Backpack Meals": "Sak manje pou wikenn",
    "Students on free or reduced-price lunch; a backpack of food every Friday; confidential.":
        "Elèv ki gen manje midi gratis oswa a pri redui; yon sak manje chak vandredi; "
        "konfidansyèl.",
    "Emergency rental assistance": "Èd ijans pou peye lwaye",
    "Riverton renters behind on rent or facing eviction; income limits apply; bring the lease.":
        "Lokatè nan Riverton ki an reta pou lwaye a oswa ki riske degèpi; gen limit revni; pote "
        "kontra lwaye a.",
    "Family Shelter Network": "Rezo abri pou fanmi",
    "Families without a fixed nighttime residence; the school keeps providing transport (McKinney-Vento).":
        "Fanmi ki pa gen yon kote fiks pou yo dòmi; lekòl la kontinye bay transpò (lwa "
        "McKinney-Vento).",
    "Riverton Community Health Center": "Sant sante kominotè Riverton",
    "Sliding scale; no insurance needed; interpreters on site; immunizations and school physicals.":
        "Pri selon revni; pa bezwen asirans; gen entèprèt sou plas; vaksen ak egzamen medikal pou "
        "lekòl.",
    "Mobile Dental Van": "Kamyonèt dantè mobil",
    "Grades K-8 with a signed parent consent form; free cleanings and sealants.":
        "Klas matènèl rive 8yèm ane, ak yon fòm pèmisyon paran siyen; netwayaj dan ak selan "
        "gratis.",
    "Adult ESL evening classes": "Kou angle nan aswè pou granmoun",
    "Adults 18+; free; Tuesday and Thursday 6-8 pm; childcare on site.":
        "Granmoun 18 an oswa plis; gratis; madi ak jedi, 6:00 rive 8:00 PM; gen gadri sou plas.",
    "Immigration and benefits legal clinic": "Klinik legal pou imigrasyon ak benefis",
    "Free consultations on immigration status, benefits and housing; by appointment.":
        "Konsiltasyon gratis sou estati imigrasyon, benefis ak lojman; sou randevou.",
    "Warm Hands Clothing Closet": "Depo rad Warm Hands",
    "Any student: winter coats, boots, uniforms and sneakers; ask the liaison.":
        "Nenpòt elèv: manto pou fredi, bòt, inifòm ak tenis; mande responsab lyezon an.",
    "Digital Access Program": "Pwogram aksè dijital",
    "Families of enrolled students; a loaner Chromebook and low-cost home internet sign-up.":
        "Fanmi elèv ki enskri lekòl la; prete yon Chromebook ak ede enskri pou entènèt lakay ki "
        "pa koute chè.",
}

PT: dict[str, str] = {
    # config: the liaison and the schools
    "Family Liaison": "Agente de ligação com as famílias",
    "Monday to Friday, 7:45 to 3:30": "de segunda a sexta, das 7h45 às 15h30",
    "Monday to Friday, 7:15 to 3:00": "de segunda a sexta, das 7h15 às 15h",
    "Monday to Friday, 7:00 to 2:45": "de segunda a sexta, das 7h às 14h45",
    # config: supply lists
    "a backpack (no wheels)": "uma mochila (sem rodinhas)",
    "24 crayons": "24 gizes de cera",
    "4 glue sticks": "4 colas em bastão",
    "blunt-tip scissors": "uma tesoura sem ponta",
    "a change of clothes in a bag": "uma muda de roupa dentro de uma sacola",
    "a box of tissues": "uma caixa de lenços de papel",
    "a backpack": "uma mochila",
    "12 pencils": "12 lápis",
    "2 pink erasers": "2 borrachas cor-de-rosa",
    "a plastic folder": "uma pasta de plástico",
    "24 pencils": "24 lápis",
    "2 wide-ruled notebooks": "2 cadernos com pauta larga",
    "colored pencils": "lápis de cor",
    "a pencil box": "um estojo",
    "headphones": "fones de ouvido",
    "3 wide-ruled notebooks": "3 cadernos com pauta larga",
    "2 folders": "2 pastas",
    "a highlighter": "um marca-texto",
    "4 notebooks": "4 cadernos",
    "3 folders": "3 pastas",
    "a ruler (inches and cm)": "uma régua (em polegadas e centímetros)",
    "red pens": "canetas vermelhas",
    "a reusable water bottle": "uma garrafinha de água reutilizável",
    "5 notebooks": "5 cadernos",
    "a 1-inch binder": "um fichário de 1 polegada",
    "a ruler": "uma régua",
    "a calculator (basic)": "uma calculadora (simples)",
    "a 2-inch binder with 5 dividers": "um fichário de 2 polegadas com 5 divisórias",
    "loose-leaf paper": "folhas avulsas pautadas",
    "pencils and blue pens": "lápis e canetas azuis",
    "a protractor": "um transferidor",
    "a basic calculator": "uma calculadora simples",
    "earbuds": "fones de ouvido intra-auriculares",
    "a combination lock for PE": "um cadeado com segredo para a Educação Física",
    "graph paper": "papel quadriculado",
    "a scientific calculator": "uma calculadora científica",
    "a 2-inch binder with 6 dividers": "um fichário de 2 polegadas com 6 divisórias",
    "highlighters": "marca-textos",
    "a notebook or binder for each class": "um caderno ou fichário para cada matéria",
    "pens and pencils": "canetas e lápis",
    "a USB flash drive": "um pen drive",
    "PE clothes and sneakers": "roupa e tênis para a Educação Física",
    "index cards": "fichas pautadas para anotações",
    "a graphing calculator (the school can lend one)":
        "uma calculadora gráfica (a escola pode emprestar uma)",
    # records: events (the hand-written caseload and the generated one)
    "Back-to-School Open House": "Dia de portas abertas da volta às aulas",
    "Lincoln Elementary, gym and classrooms": "Lincoln Elementary, ginásio e salas de aula",
    "Family Literacy Night": "Noite da leitura em família",
    "Lincoln Elementary library": "Biblioteca da Lincoln Elementary",
    "Newcomer Families Community Potluck":
        "Confraternização comunitária para famílias recém-chegadas",
    "Roosevelt Middle School cafeteria": "Refeitório da Roosevelt Middle School",
    "Middle School Math: How to Help at Home": "Matemática nos anos finais: como ajudar em casa",
    "Roosevelt Middle School library": "Biblioteca da Roosevelt Middle School",
    "English Conversation for Parents": "Conversação em inglês para pais e mães",
    "Jefferson High School, Room 112": "Jefferson High School, sala 112",
    "Back-to-School Night": "Noite da volta às aulas",
    "Freshman Family Orientation": "Reunião de boas-vindas para as famílias do 9º ano",
    "Fall Conference Night": "Noite de reuniões de outono com os professores",
    "Winter Family Game Night": "Noite de jogos em família de inverno",
    "College and Career Night": "Noite de faculdades e profissões",
    # a school's name printed as an event's place is a name: it stays as it is
    "Lincoln Elementary": "Lincoln Elementary",
    "Roosevelt Middle School": "Roosevelt Middle School",
    "Jefferson High School": "Jefferson High School",
    # records: the services directory
    "Homework Help Club": "Clube de ajuda com a lição de casa",
    "Grades 3-8; free; Monday to Thursday 3:30-5:30; no sign-up needed.":
        "Do 3º ao 8º ano; gratuito; de segunda a quinta, das 15h30 às 17h30; não precisa fazer "
        "inscrição.",
    "Bright Futures Tutoring": "Aulas de reforço Bright Futures",
    "Grades 9-12; SAT prep and college essays; weekday evenings and Saturday mornings.":
        "Do 9º ao 12º ano; preparação para o SAT e para as redações de admissão na faculdade; à "
        "noite durante a semana e aos sábados de manhã.",
    "School-based counselling": "Atendimento psicológico na escola",
    "Any student; sessions at school during the day; parent consent needed; MassHealth or sliding scale.":
        "Qualquer aluno; sessões na escola durante o dia; é preciso a autorização dos pais ou "
        "responsáveis; MassHealth ou valor de acordo com a renda.",
    "Refugee youth and family counselling":
        "Atendimento psicológico para jovens e famílias refugiados",
    "Refugee and asylum-seeking families; trauma-informed; free; interpreters provided.":
        "Famílias refugiadas ou solicitantes de asilo; atendimento especializado em trauma; "
        "gratuito; com intérpretes.",
    "Riverton Community Food Pantry": "Banco de alimentos comunitário de Riverton",
    "Any Riverton household; once a week; ID or a utility bill if you have one; no questions about status.":
        "Qualquer família de Riverton; uma vez por semana; traga um documento de identidade ou "
        "uma conta de luz, água ou gás, se tiver; ninguém pergunta sobre a situação migratória.",
    "Weekend Backpack Meals": "Mochila de comida para o fim de semana",
    "Students on free or reduced-price lunch; a backpack of food every Friday; confidential.":
        "Alunos com merenda gratuita ou a preço reduzido; uma mochila com comida toda "
        "sexta-feira; sigiloso.",
    "Emergency rental assistance": "Ajuda emergencial para pagar o aluguel",
    "Riverton renters behind on rent or facing eviction; income limits apply; bring the lease.":
        "Inquilinos de Riverton com o aluguel atrasado ou ameaçados de despejo; há limite de "
        "renda; traga o contrato de aluguel.",
    "Family Shelter Network": "Rede de abrigos para famílias",
    "Families without a fixed nighttime residence; the school keeps providing transport (McKinney-Vento).":
        "Famílias sem um lugar fixo para passar a noite; a escola continua oferecendo o "
        "transporte (lei McKinney-Vento).",
    "Riverton Community Health Center": "Centro de saúde comunitário de Riverton",
    "Sliding scale; no insurance needed; interpreters on site; immunizations and school physicals.":
        "Valor de acordo com a renda; não precisa de plano de saúde; intérpretes no local; "
        "vacinas e exames médicos para a escola.",
    "Mobile Dental Van": "Consultório odontológico móvel",
    "Grades K-8 with a signed parent consent form; free cleanings and sealants.":
        "Do jardim de infância ao 8º ano, com o formulário de autorização assinado pelos pais ou "
        "responsáveis; limpeza e selantes dentários gratuitos.",
    "Adult ESL evening classes": "Aulas noturnas de inglês para adultos",
    "Adults 18+; free; Tuesday and Thursday 6-8 pm; childcare on site.":
        "Adultos a partir de 18 anos; gratuito; terças e quintas, das 18h às 20h; cuidado das "
        "crianças no local.",
    "Immigration and benefits legal clinic": "Atendimento jurídico sobre imigração e benefícios",
    "Free consultations on immigration status, benefits and housing; by appointment.":
        "Consultas gratuitas sobre situação migratória, benefícios e moradia; com hora marcada.",
    "Warm Hands Clothing Closet": "Doação de roupas Warm Hands",
    "Any student: winter coats, boots, uniforms and sneakers; ask the liaison.":
        "Qualquer aluno: casacos de inverno, botas, uniformes e tênis; fale com o agente de "
        "ligação com as famílias.",
    "Digital Access Program": "Programa de acesso digital",
    "Families of enrolled students; a loaner Chromebook and low-cost home internet sign-up.":
        "Famílias de alunos matriculados; empréstimo de um Chromebook e inscrição em internet "
        "residencial de baixo custo.",
}

FR: dict[str, str] = {
    # config: the liaison and the schools
    "Family Liaison": "Responsable de liaison avec les familles",
    "Monday to Friday, 7:45 to 3:30":
        "du lundi au vendredi, de 7\u00a0h\u00a045 à 15\u00a0h\u00a030",
    "Monday to Friday, 7:15 to 3:00": "du lundi au vendredi, de 7\u00a0h\u00a015 à 15\u00a0h",
    "Monday to Friday, 7:00 to 2:45": "du lundi au vendredi, de 7\u00a0h à 14\u00a0h\u00a045",
    # config: supply lists
    "a backpack (no wheels)": "un sac à dos (sans roulettes)",
    "24 crayons": "24 crayons de cire",
    "4 glue sticks": "4 bâtons de colle",
    "blunt-tip scissors": "des ciseaux à bouts ronds",
    "a change of clothes in a bag": "des vêtements de rechange dans un sac",
    "a box of tissues": "une boîte de mouchoirs en papier",
    "a backpack": "un sac à dos",
    "12 pencils": "12 crayons à papier",
    "2 pink erasers": "2 gommes roses",
    "a plastic folder": "une pochette en plastique",
    "24 pencils": "24 crayons à papier",
    "2 wide-ruled notebooks": "2 cahiers à lignes larges",
    "colored pencils": "des crayons de couleur",
    "a pencil box": "une trousse",
    "headphones": "un casque audio",
    "3 wide-ruled notebooks": "3 cahiers à lignes larges",
    "2 folders": "2 chemises cartonnées",
    "a highlighter": "un surligneur",
    "4 notebooks": "4 cahiers",
    "3 folders": "3 chemises cartonnées",
    "a ruler (inches and cm)": "une règle (en pouces et en centimètres)",
    "red pens": "des stylos rouges",
    "a reusable water bottle": "une gourde réutilisable",
    "5 notebooks": "5 cahiers",
    "a 1-inch binder": "un classeur à anneaux de 1 pouce (2,5 cm)",
    "a ruler": "une règle",
    "a calculator (basic)": "une calculatrice (simple)",
    "a 2-inch binder with 5 dividers":
        "un classeur à anneaux de 2 pouces (5 cm) avec 5 intercalaires",
    "loose-leaf paper": "des feuilles mobiles lignées",
    "pencils and blue pens": "des crayons à papier et des stylos bleus",
    "a protractor": "un rapporteur",
    "a basic calculator": "une calculatrice simple",
    "earbuds": "des écouteurs intra-auriculaires",
    "a combination lock for PE": "un cadenas à code pour le cours d'éducation physique",
    "graph paper": "du papier quadrillé",
    "a scientific calculator": "une calculatrice scientifique",
    "a 2-inch binder with 6 dividers":
        "un classeur à anneaux de 2 pouces (5 cm) avec 6 intercalaires",
    "highlighters": "des surligneurs",
    "a notebook or binder for each class": "un cahier ou un classeur pour chaque cours",
    "pens and pencils": "des stylos et des crayons à papier",
    "a USB flash drive": "une clé USB",
    "PE clothes and sneakers":
        "des vêtements de sport et des baskets pour le cours d'éducation physique",
    "index cards": "des fiches bristol",
    "a graphing calculator (the school can lend one)":
        "une calculatrice graphique (l'école peut en prêter une)",
    # records: events (the hand-written caseload and the generated one)
    "Back-to-School Open House": "Portes ouvertes de la rentrée",
    "Lincoln Elementary, gym and classrooms": "Lincoln Elementary, gymnase et salles de classe",
    "Family Literacy Night": "Soirée de la lecture en famille",
    "Lincoln Elementary library": "Bibliothèque de Lincoln Elementary",
    "Newcomer Families Community Potluck": "Repas partagé pour les familles nouvellement arrivées",
    "Roosevelt Middle School cafeteria": "Cafétéria de Roosevelt Middle School",
    "Middle School Math: How to Help at Home":
        "Les maths au collège\u00a0: comment aider votre enfant à la maison",
    "Roosevelt Middle School library": "Bibliothèque de Roosevelt Middle School",
    "English Conversation for Parents": "Conversation en anglais pour les parents",
    "Jefferson High School, Room 112": "Jefferson High School, salle 112",
    "Back-to-School Night": "Soirée de la rentrée",
    "Freshman Family Orientation": "Réunion d'accueil des familles des élèves de 9e année",
    "Fall Conference Night": "Soirée des rencontres parents-enseignants d'automne",
    "Winter Family Game Night": "Soirée d'hiver\u00a0: jeux en famille",
    "College and Career Night": "Soirée d'information sur les études supérieures et les métiers",
    # a school's name printed as an event's place is a name: it stays as it is
    "Lincoln Elementary": "Lincoln Elementary",
    "Roosevelt Middle School": "Roosevelt Middle School",
    "Jefferson High School": "Jefferson High School",
    # records: the services directory
    "Homework Help Club": "Club d'aide aux devoirs",
    "Grades 3-8; free; Monday to Thursday 3:30-5:30; no sign-up needed.":
        "De la 3e à la 8e année\u00a0; gratuit\u00a0; du lundi au jeudi, de 15\u00a0h\u00a030 à "
        "17\u00a0h\u00a030\u00a0; sans inscription.",
    "Bright Futures Tutoring": "Soutien scolaire Bright Futures",
    "Grades 9-12; SAT prep and college essays; weekday evenings and Saturday mornings.":
        "De la 9e à la 12e année\u00a0; préparation au SAT et aux dissertations d'admission à "
        "l'université\u00a0; en semaine le soir et le samedi matin.",
    "School-based counselling": "Soutien psychologique à l'école",
    "Any student; sessions at school during the day; parent consent needed; MassHealth or sliding scale.":
        "Tout élève\u00a0; séances à l'école pendant la journée\u00a0; accord d'un parent "
        "nécessaire\u00a0; MassHealth ou tarif selon les revenus.",
    "Refugee youth and family counselling":
        "Soutien psychologique pour les jeunes et les familles réfugiés",
    "Refugee and asylum-seeking families; trauma-informed; free; interpreters provided.":
        "Familles réfugiées ou demandeuses d'asile\u00a0; prise en charge adaptée aux "
        "traumatismes\u00a0; gratuit\u00a0; interprètes fournis.",
    "Riverton Community Food Pantry": "Banque alimentaire communautaire de Riverton",
    "Any Riverton household; once a week; ID or a utility bill if you have one; no questions about status.":
        "Tout foyer de Riverton\u00a0; une fois par semaine\u00a0; une pièce d'identité ou une "
        "facture d'électricité, de gaz ou d'eau si vous en avez une\u00a0; aucune question sur le "
        "statut migratoire.",
    "Weekend Backpack Meals": "Sacs-repas du week-end",
    "Students on free or reduced-price lunch; a backpack of food every Friday; confidential.":
        "Élèves qui ont droit aux repas gratuits ou à prix réduit à la cantine\u00a0; un sac à "
        "dos rempli de nourriture chaque vendredi\u00a0; confidentiel.",
    "Emergency rental assistance": "Aide d'urgence pour payer le loyer",
    "Riverton renters behind on rent or facing eviction; income limits apply; bring the lease.":
        "Locataires de Riverton en retard de loyer ou menacés d'expulsion\u00a0; sous conditions "
        "de ressources\u00a0; apportez votre bail.",
    "Family Shelter Network": "Réseau d'hébergement pour les familles",
    "Families without a fixed nighttime residence; the school keeps providing transport (McKinney-Vento).":
        "Familles sans logement fixe pour la nuit\u00a0; l'école continue d'assurer le transport "
        "(loi McKinney-Vento).",
    "Riverton Community Health Center": "Centre de santé communautaire de Riverton",
    "Sliding scale; no insurance needed; interpreters on site; immunizations and school physicals.":
        "Tarif selon les revenus\u00a0; pas besoin d'assurance maladie\u00a0; interprètes sur "
        "place\u00a0; vaccins et visites médicales pour l'école.",
    "Mobile Dental Van": "Cabinet dentaire mobile",
    "Grades K-8 with a signed parent consent form; free cleanings and sealants.":
        "De la maternelle à la 8e année, avec le formulaire d'accord signé par un parent\u00a0; "
        "détartrages et scellements des sillons gratuits.",
    "Adult ESL evening classes": "Cours d'anglais du soir pour adultes",
    "Adults 18+; free; Tuesday and Thursday 6-8 pm; childcare on site.":
        "Adultes de 18 ans et plus\u00a0; gratuit\u00a0; mardi et jeudi, de 18\u00a0h à "
        "20\u00a0h\u00a0; garde d'enfants sur place.",
    "Immigration and benefits legal clinic":
        "Permanence juridique\u00a0: immigration et aides sociales",
    "Free consultations on immigration status, benefits and housing; by appointment.":
        "Consultations gratuites sur le statut migratoire, les aides sociales et le "
        "logement\u00a0; sur rendez-vous.",
    "Warm Hands Clothing Closet": "Vestiaire solidaire Warm Hands",
    "Any student: winter coats, boots, uniforms and sneakers; ask the liaison.":
        "Tout élève\u00a0: manteaux d'hiver, bottes, uniformes et baskets\u00a0; adressez-vous au "
        "responsable de liaison avec les familles.",
    "Digital Access Program": "Programme d'accès au numérique",
    "Families of enrolled students; a loaner Chromebook and low-cost home internet sign-up.":
        "Familles d'élèves inscrits\u00a0; prêt d'un Chromebook et inscription à un accès "
        "Internet à domicile à bas prix.",
}

PRS: dict[str, str] = {
    # config: the liaison and the schools
    "Family Liaison": "مسؤول ارتباط با خانواده\u200cها",
    "Monday to Friday, 7:45 to 3:30": "دوشنبه تا جمعه، از ساعت ۷:۴۵ صبح تا ۳:۳۰ بعد از چاشت",
    "Monday to Friday, 7:15 to 3:00": "دوشنبه تا جمعه، از ساعت ۷:۱۵ صبح تا ۳:۰۰ بعد از چاشت",
    "Monday to Friday, 7:00 to 2:45": "دوشنبه تا جمعه، از ساعت ۷:۰۰ صبح تا ۲:۴۵ بعد از چاشت",
    # config: supply lists
    "a backpack (no wheels)": "یک بکس مکتب (بدون چرخ)",
    "24 crayons": "۲۴ پنسل رنگه مومی",
    "4 glue sticks": "۴ چسپ میله\u200cای",
    "blunt-tip scissors": "یک قیچی نوک\u200cگرد",
    "a change of clothes in a bag": "یک دست کالای اضافی در یک خریطه",
    "a box of tissues": "یک قطی دستمال کاغذی",
    "a backpack": "یک بکس مکتب",
    "12 pencils": "۱۲ پنسل",
    "2 pink erasers": "۲ پاک\u200cکن گلابی",
    "a plastic folder": "یک دوسیه پلاستیکی",
    "24 pencils": "۲۴ پنسل",
    "2 wide-ruled notebooks": "۲ کتابچه با خط\u200cهای پهن",
    "colored pencils": "پنسل\u200cهای رنگه",
    "a pencil box": "یک قلمدان",
    "headphones": "هدفون",
    "3 wide-ruled notebooks": "۳ کتابچه با خط\u200cهای پهن",
    "2 folders": "۲ دوسیه",
    "a highlighter": "یک قلم نشانی (هایلایتر)",
    "4 notebooks": "۴ کتابچه",
    "3 folders": "۳ دوسیه",
    "a ruler (inches and cm)": "یک خط\u200cکش (با انچ و سانتی\u200cمتر)",
    "red pens": "قلم\u200cهای خودکار سرخ",
    "a reusable water bottle": "یک بوتل آب که دوباره استفاده شود",
    "5 notebooks": "۵ کتابچه",
    "a 1-inch binder": "یک دوسیه حلقه\u200cدار ۱ انچی",
    "a ruler": "یک خط\u200cکش",
    "a calculator (basic)": "یک ماشین حساب (ساده)",
    "a 2-inch binder with 5 dividers": "یک دوسیه حلقه\u200cدار ۲ انچی با ۵ جداکننده",
    "loose-leaf paper": "کاغذهای خط\u200cدار جدا",
    "pencils and blue pens": "پنسل و قلم\u200cهای خودکار آبی",
    "a protractor": "یک نقاله",
    "a basic calculator": "یک ماشین حساب ساده",
    "earbuds": "گوشکی کوچک داخل گوش",
    "a combination lock for PE": "یک قفل رمزدار برای ساعت ورزش",
    "graph paper": "کاغذ چهارخانه",
    "a scientific calculator": "یک ماشین حساب ساینسی",
    "a 2-inch binder with 6 dividers": "یک دوسیه حلقه\u200cدار ۲ انچی با ۶ جداکننده",
    "highlighters": "قلم\u200cهای نشانی (هایلایتر)",
    "a notebook or binder for each class": "یک کتابچه یا دوسیه حلقه\u200cدار برای هر مضمون",
    "pens and pencils": "قلم\u200cهای خودکار و پنسل",
    "a USB flash drive": "یک فلش USB",
    "PE clothes and sneakers": "کالا و بوت ورزشی برای ساعت ورزش",
    "index cards": "کارت\u200cهای یادداشت",
    "a graphing calculator (the school can lend one)":
        "یک ماشین حساب گراف\u200cدار (مکتب می\u200cتواند یکی را قرض بدهد)",
    # records: events (the hand-written caseload and the generated one)
    "Back-to-School Open House": "روز درهای باز برای آغاز سال تعلیمی",
    "Lincoln Elementary, gym and classrooms": "Lincoln Elementary، سالون ورزش و صنف\u200cها",
    "Family Literacy Night": "شب کتاب\u200cخوانی خانوادگی",
    "Lincoln Elementary library": "کتابخانه Lincoln Elementary",
    "Newcomer Families Community Potluck": "مهمانی غذای مشترک برای خانواده\u200cهای تازه\u200cوارد",
    "Roosevelt Middle School cafeteria": "غذاخوری Roosevelt Middle School",
    "Middle School Math: How to Help at Home": "ریاضی مکتب متوسطه: چگونه در خانه کمک کنیم",
    "Roosevelt Middle School library": "کتابخانه Roosevelt Middle School",
    "English Conversation for Parents": "صحبت به زبان انگلیسی برای والدین",
    "Jefferson High School, Room 112": "Jefferson High School، اتاق ۱۱۲",
    "Back-to-School Night": "شب آغاز سال تعلیمی",
    "Freshman Family Orientation": "جلسه معرفی برای خانواده\u200cهای شاگردان صنف نهم",
    "Fall Conference Night": "شب دیدار والدین با معلمان در فصل خزان",
    "Winter Family Game Night": "شب بازی\u200cهای خانوادگی زمستانی",
    "College and Career Night": "شب معلومات درباره پوهنتون و مسلک",
    # a school's name printed as an event's place is a name: it stays as it is
    "Lincoln Elementary": "Lincoln Elementary",
    "Roosevelt Middle School": "Roosevelt Middle School",
    "Jefferson High School": "Jefferson High School",
    # records: the services directory
    "Homework Help Club": "کلب کمک به کارخانگی",
    "Grades 3-8; free; Monday to Thursday 3:30-5:30; no sign-up needed.":
        "صنف سوم تا هشتم؛ رایگان؛ دوشنبه تا پنج\u200cشنبه، از ۳:۳۰ تا ۵:۳۰ بعد از چاشت؛ نیاز به "
        "ثبت نام نیست.",
    "Bright Futures Tutoring": "درس\u200cهای تقویتی Bright Futures",
    "Grades 9-12; SAT prep and college essays; weekday evenings and Saturday mornings.":
        "صنف نهم تا دوازدهم؛ آمادگی برای امتحان SAT و مقاله\u200cهای شمولیت در پوهنتون؛ "
        "شام\u200cهای روزهای کاری و صبح\u200cهای شنبه.",
    "School-based counselling": "مشوره روانی در مکتب",
    "Any student; sessions at school during the day; parent consent needed; MassHealth or sliding scale.":
        "هر شاگرد؛ جلسه\u200cها در مکتب در جریان روز؛ اجازه والدین لازم است؛ MassHealth یا فیس به "
        "اندازه عاید.",
    "Refugee youth and family counselling": "مشوره روانی برای جوانان و خانواده\u200cهای مهاجر",
    "Refugee and asylum-seeking families; trauma-informed; free; interpreters provided.":
        "خانواده\u200cهای مهاجر و پناهجو؛ با توجه به آسیب\u200cهای روانی؛ رایگان؛ ترجمان موجود "
        "است.",
    "Riverton Community Food Pantry": "بانک غذای محلی Riverton",
    "Any Riverton household; once a week; ID or a utility bill if you have one; no questions about status.":
        "هر خانواده\u200cای که در Riverton زندگی می\u200cکند؛ هفته\u200cای یک بار؛ تذکره یا بل "
        "برق یا آب اگر دارید؛ درباره وضعیت اقامت سؤال نمی\u200cشود.",
    "Weekend Backpack Meals": "بکس غذا برای آخر هفته",
    "Students on free or reduced-price lunch; a backpack of food every Friday; confidential.":
        "شاگردانی که نان چاشت رایگان یا ارزان می\u200cگیرند؛ یک بکس پر از غذا هر جمعه؛ محرمانه.",
    "Emergency rental assistance": "کمک عاجل برای پرداخت کرایه خانه",
    "Riverton renters behind on rent or facing eviction; income limits apply; bring the lease.":
        "کرایه\u200cنشینان Riverton که کرایه\u200cشان عقب مانده یا در خطر بیرون شدن از خانه "
        "هستند؛ حد عاید در نظر گرفته می\u200cشود؛ قرارداد کرایه را با خود بیاورید.",
    "Family Shelter Network": "شبکه سرپناه برای خانواده\u200cها",
    "Families without a fixed nighttime residence; the school keeps providing transport (McKinney-Vento).":
        "خانواده\u200cهایی که جای ثابت برای خواب شب ندارند؛ مکتب همچنان ترانسپورت را فراهم "
        "می\u200cکند (قانون McKinney-Vento).",
    "Riverton Community Health Center": "مرکز صحی محلی Riverton",
    "Sliding scale; no insurance needed; interpreters on site; immunizations and school physicals.":
        "فیس به اندازه عاید؛ بیمه صحی لازم نیست؛ ترجمان در محل موجود است؛ واکسین و معاینه صحی "
        "برای مکتب.",
    "Mobile Dental Van": "موتر سیار دندان\u200cپزشکی",
    "Grades K-8 with a signed parent consent form; free cleanings and sealants.":
        "از کودکستان تا صنف هشتم، با فورم اجازه\u200cنامه که والدین امضا کرده باشند؛ "
        "پاک\u200cکاری دندان و پوشش محافظ دندان رایگان.",
    "Adult ESL evening classes": "کورس\u200cهای شبانه انگلیسی برای بزرگسالان",
    "Adults 18+; free; Tuesday and Thursday 6-8 pm; childcare on site.":
        "بزرگسالان ۱۸ سال و بالاتر؛ رایگان؛ سه\u200cشنبه و پنج\u200cشنبه از ۶:۰۰ تا ۸:۰۰ شب؛ "
        "نگهداری از اطفال در محل.",
    "Immigration and benefits legal clinic": "کلینیک حقوقی برای مهاجرت و کمک\u200cهای دولتی",
    "Free consultations on immigration status, benefits and housing; by appointment.":
        "مشوره رایگان درباره وضعیت مهاجرت، کمک\u200cهای دولتی و مسکن؛ با وقت قبلی.",
    "Warm Hands Clothing Closet": "الماری کالای Warm Hands",
    "Any student: winter coats, boots, uniforms and sneakers; ask the liaison.":
        "هر شاگرد: بالاپوش زمستانی، موزه، یونیفورم و بوت ورزشی؛ از مسؤول ارتباط با "
        "خانواده\u200cها بپرسید.",
    "Digital Access Program": "برنامه دسترسی دیجیتال",
    "Families of enrolled students; a loaner Chromebook and low-cost home internet sign-up.":
        "خانواده\u200cهای شاگردان شامل مکتب؛ قرض دادن یک Chromebook و کمک برای ثبت نام انترنت "
        "خانگی ارزان.",
}



CATALOGUES: dict[str, dict[str, str]] = {
    "es": ES, "ar": AR, "vi": VI, "zh": ZH, "so": SO, "ht": HT, "pt": PT, "fr": FR, "prs": PRS,
}
