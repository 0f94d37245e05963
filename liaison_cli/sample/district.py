"""The invented district, Riverton: its schools and grades, teachers, interpreters, and the
services directory families are referred to. Phone numbers are in the 555-01xx range, reserved
for fiction."""

from __future__ import annotations

LIAISON_LANGUAGES = ("en", "es")  # the sample liaison speaks these; others need an interpreter

SCHOOLS = {
    "LES": "Lincoln Elementary",
    "RMS": "Roosevelt Middle School",
    "JHS": "Jefferson High School",
}
GRADE_SCHOOL = {g: "LES" for g in ("K", "1", "2", "3", "4", "5")}
GRADE_SCHOOL.update({g: "RMS" for g in ("6", "7", "8")})
GRADE_SCHOOL.update({g: "JHS" for g in ("9", "10", "11", "12")})

# Homeroom / advisory teachers by grade; the hand-written caseload uses the first of each.
TEACHERS = {
    "K": ["Ms. Alvarez", "Mrs. Doyle"],
    "1": ["Mrs. Patel", "Ms. Kim"],
    "2": ["Mr. Greene", "Ms. Foster"],
    "3": ["Ms. O'Brien", "Mr. Santos"],
    "4": ["Mrs. Kowalski", "Ms. Reed"],
    "5": ["Mr. Thompson-Hale", "Mrs. Ito"],
    "6": ["Ms. Rivera", "Mr. Grant"],
    "7": ["Mr. Hughes", "Ms. Novak"],
    "8": ["Mrs. Dubois", "Mr. Ellis"],
    "9": ["Ms. Carter", "Mr. Bishop"],
    "10": ["Mr. Nakamura", "Ms. Price"],
    "11": ["Ms. Adeyemi", "Mr. Walsh"],
    "12": ["Mr. Sullivan", "Ms. Ortega"],
}

# Who interprets, by language: staff interpreters, or the phone line for the rarer languages.
INTERPRETERS = {
    "es": "Lucía Morales",
    "ar": "Nadia Farouk",
    "vi": "Trần Minh Châu",
    "zh": "Wang Fang",
    "so": "Abdi Warsame (district interpreter)",
    "ht": "Jean-Robert Célestin",
    "pt": "Ana Ribeiro",
    "fr": "Language line, interpreter #4471",
    "prs": "Hamid Noori",
}


# --------------------------------------------------------------------------- services directory

# name, category, organisation, phone, address, languages, eligibility
SERVICES: list[tuple[str, str, str, str, str, list[str], str]] = [
    ("Homework Help Club", "tutoring", "Riverton Public Library", "781-555-0140",
     "10 Library Plaza, Riverton", ["en", "es"],
     "Grades 3-8; free; Monday to Thursday 3:30-5:30; no sign-up needed."),
    ("Bright Futures Tutoring", "tutoring", "Riverton Community College volunteers", "781-555-0141",
     "Riverton Community College, Building C", ["en", "es", "pt"],
     "Grades 9-12; SAT prep and college essays; weekday evenings and Saturday mornings."),
    ("School-based counselling", "counselling", "Riverton Family Counseling Center",
     "781-555-0142", "88 Elm Street, Riverton", ["en", "es", "pt", "ar"],
     "Any student; sessions at school during the day; parent consent needed; MassHealth or sliding scale."),
    ("Refugee youth and family counselling", "counselling", "New Roots Refugee Services",
     "781-555-0143", "5 Mill Street, Suite 200, Riverton", ["ar", "prs", "so", "fr", "en"],
     "Refugee and asylum-seeking families; trauma-informed; free; interpreters provided."),
    ("Riverton Community Food Pantry", "food", "Riverton Interfaith Council", "781-555-0144",
     "27 Church Street, Riverton", ["en", "es", "ht", "pt"],
     "Any Riverton household; once a week; ID or a utility bill if you have one; no questions about status."),
    ("Weekend Backpack Meals", "food", "Riverton Public Schools Food Services", "617-555-0145",
     "At each school; the liaison signs families up", ["en", "es"],
     "Students on free or reduced-price lunch; a backpack of food every Friday; confidential."),
    ("Emergency rental assistance", "housing", "Riverton Housing Authority", "781-555-0146",
     "150 Central Avenue, Riverton", ["en", "es", "pt"],
     "Riverton renters behind on rent or facing eviction; income limits apply; bring the lease."),
    ("Family Shelter Network", "housing", "Harborside Family Services", "781-555-0147",
     "Intake by phone", ["en", "es", "ht"],
     "Families without a fixed nighttime residence; the school keeps providing transport (McKinney-Vento)."),
    ("Riverton Community Health Center", "health", "Riverton Community Health Center",
     "781-555-0148", "400 Broadway, Riverton", ["en", "es", "ar", "vi", "zh", "so", "ht", "pt", "fr", "prs"],
     "Sliding scale; no insurance needed; interpreters on site; immunizations and school physicals."),
    ("Mobile Dental Van", "health", "Smiles on Wheels", "781-555-0149",
     "Visits Lincoln Elementary and Roosevelt Middle monthly", ["en", "es"],
     "Grades K-8 with a signed parent consent form; free cleanings and sealants."),
    ("Adult ESL evening classes", "esl", "Riverton Adult Learning Center", "781-555-0150",
     "Jefferson High School, Room 112", ["en"],
     "Adults 18+; free; Tuesday and Thursday 6-8 pm; childcare on site."),
    ("Immigration and benefits legal clinic", "legal", "Greater Harbor Legal Aid", "781-555-0151",
     "12 Court Street, Riverton", ["en", "es", "ht", "pt", "ar", "fr"],
     "Free consultations on immigration status, benefits and housing; by appointment."),
    ("Warm Hands Clothing Closet", "clothing", "Riverton Public Schools PTO", "617-555-0152",
     "Roosevelt Middle School, Room 8", ["en", "es"],
     "Any student: winter coats, boots, uniforms and sneakers; ask the liaison."),
    ("Digital Access Program", "technology", "Riverton Public Schools IT", "617-555-0153",
     "District office, 1 School Street, Riverton", ["en", "es", "ar", "pt"],
     "Families of enrolled students; a loaner Chromebook and low-cost home internet sign-up."),
]
