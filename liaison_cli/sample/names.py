"""Names for generated families: surname and given-name pools per home language, how common
each language is, the streets they live on, and how a name is written and how the liaison calls
the person (Vietnamese family name first, Chinese in characters, Arabic and Dari sometimes in
their own script)."""

from __future__ import annotations

import random

from ..core.models import fold
from .district import GRADE_SCHOOL

# surname pools (latin, native script or ""), then women's, men's and children's given names
NAME_POOLS: dict[str, tuple[list[tuple[str, str]], list[str], list[str], list[str]]] = {
    "es": ([(s, "") for s in ("García", "Rodríguez", "Martínez", "Hernández", "López", "González",
                               "Pérez", "Sánchez", "Ramírez", "Torres", "Flores", "Rivera", "Gómez",
                               "Díaz", "Cruz", "Reyes", "Gutiérrez", "Ortiz", "Chávez", "Vargas")],
           ["María", "Guadalupe", "Rosa", "Carmen", "Ana", "Elena", "Yesenia", "Patricia", "Sandra"],
           ["José", "Juan", "Miguel", "Luis", "Carlos", "Jorge", "Roberto", "Francisco"],
           ["Sofía", "Mateo", "Valentina", "Santiago", "Camila", "Diego", "Isabella", "Sebastián",
            "Ximena", "Emiliano"]),
    "ar": ([("Haddad", "حداد"), ("Al-Sayed", "السيد"), ("Mahmoud", "محمود"), ("Ali", "علي"),
            ("Hussein", "حسين"), ("Khalil", "خليل"), ("Nasser", "ناصر"), ("Saleh", "صالح"),
            ("Youssef", "يوسف"), ("Ibrahim", "إبراهيم")],
           ["Fatima|فاطمة", "Amal|آمال", "Noor|نور", "Huda|هدى", "Rania|رانيا", "Layla|ليلى",
            "Mariam|مريم"],
           ["Ahmed|أحمد", "Omar|عمر", "Khaled|خالد", "Mohammed|محمد", "Hassan|حسن", "Tariq|طارق"],
           ["Yousef", "Lina", "Adam", "Sara", "Zaid", "Jana", "Omar", "Rahaf"]),
    "vi": ([(s, "") for s in ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Võ", "Đặng",
                               "Bùi", "Đỗ")],
           ["Thị Lan", "Thị Hồng", "Thị Mai", "Thị Hương", "Thị Thu", "Ngọc Ánh"],
           ["Văn Hùng", "Văn Tuấn", "Quốc Bảo", "Minh Đức", "Thanh Sơn"],
           ["Minh Anh", "Bảo Ngọc", "Gia Huy", "Khánh Linh", "Đức Anh", "Thảo Vy"]),
    "zh": ([("Chen", "陈"), ("Wang", "王"), ("Li", "李"), ("Zhang", "张"), ("Liu", "刘"),
            ("Yang", "杨"), ("Huang", "黄"), ("Zhao", "赵")],
           ["|丽华", "|秀英", "|娜", "|静", "|敏", "|芳"],
           ["|伟", "|军", "|强", "|磊", "|洋", "|杰"],
           ["Yutong", "Zihan", "Haoran", "Ruoxi", "Yichen", "Xinyi", "Jiayi", "Zirui"]),
    "so": ([(s, "") for s in ("Warsame", "Osman", "Hassan", "Mohamed", "Abdi", "Farah", "Nur",
                               "Jama", "Ahmed", "Aden")],
           ["Hodan", "Fadumo", "Hawa", "Ubah", "Asha", "Sahra", "Ifrah"],
           ["Abdullahi", "Abdirahman", "Mohamed", "Yusuf", "Abdi", "Hassan"],
           ["Ayaan", "Hamdi", "Khadar", "Sagal", "Ilhan", "Yusuf", "Nasra", "Bilan"]),
    "ht": ([(s, "") for s in ("Jean-Baptiste", "Pierre", "Joseph", "Louis", "Charles", "Desir",
                               "Etienne", "François", "Saint-Fleur", "Augustin")],
           ["Marie-Claude", "Nadège", "Rose-Michelle", "Guerline", "Fabienne", "Mirlande"],
           ["Wilner", "Frantz", "Reginald", "Wisly", "Jean-Robert"],
           ["Kervens", "Mirlande", "Jameson", "Sarah", "Daniel", "Widline", "Stevenson", "Naika"]),
    "pt": ([(s, "") for s in ("Souza", "Oliveira", "Lima", "Costa", "Santos", "Ferreira",
                               "Pereira", "Almeida", "Rodrigues", "Carvalho")],
           ["Fernanda", "Juliana", "Cláudia", "Ana Paula", "Patrícia", "Luciana"],
           ["Ricardo", "Marcelo", "João", "Paulo", "Rodrigo"],
           ["Gabriel", "Lucas", "Beatriz", "Rafael", "Isabela", "Larissa", "Matheus", "Júlia"]),
    "fr": ([(s, "") for s in ("Mbemba", "Diallo", "Kabongo", "Traoré", "Mukendi", "Ndiaye",
                               "Kouassi", "Bah")],
           ["Grâce", "Mariama", "Esther", "Aïssatou", "Clarisse", "Aminata"],
           ["Patrick", "Ibrahima", "Jean-Pierre", "Mamadou", "Serge"],
           ["Exaucé", "Divine", "Fatoumata", "Alpha", "Glodi", "Merveille", "Moussa", "Kadiatou"]),
    "prs": ([("Ahmadi", "احمدی"), ("Karimi", "کریمی"), ("Nazari", "نظری"), ("Rahimi", "رحیمی"),
             ("Hakimi", "حکیمی"), ("Sultani", "سلطانی")],
            ["Fariba|فریبا", "Parwana|پروانه", "Shabnam|شبنم", "Zarghona|زرغونه"],
            ["Ahmad|احمد", "Mohammad|محمد", "Abdullah|عبدالله", "Nasir|نصیر"],
            ["Zahra", "Mustafa", "Sadia", "Bilal", "Nazanin", "Farid", "Mina", "Omid"]),
    "en": ([(s, "") for s in ("Thompson", "Walker", "Miller", "Johnson", "Baker", "Smith", "Davis",
                               "Wilson", "Anderson", "Taylor")],
           ["Jessica", "Megan", "Ashley", "Tanya", "Linda", "Sarah"],
           ["Daniel", "Ryan", "James", "Michael", "Chris"],
           ["Caleb", "Ava", "Olivia", "Noah", "Ethan", "Chloe", "Jaylen", "Aaliyah", "Tyler", "Emma"]),
}
LANG_WEIGHTS = [("es", 35), ("en", 15), ("ar", 9), ("vi", 7), ("zh", 6), ("so", 7), ("ht", 7),
                ("pt", 7), ("fr", 4), ("prs", 3)]
STREETS = ["Elm Street", "Cedar Lane", "Harbor Road", "Main Street", "Summer Street", "Pine Street",
           "Water Street", "Chestnut Street", "Orchard Way", "Birch Road", "Linden Court",
           "Franklin Street", "Green Street", "Ash Street", "Central Avenue", "Shore Drive"]
GRADES = list(GRADE_SCHOOL)


def person_name(rng: random.Random, lang: str, surname: tuple[str, str], woman: bool,
                native: bool) -> tuple[str, str]:
    """(full name as recorded, how the liaison calls them)."""
    _, women, men, _ = NAME_POOLS[lang]
    given = rng.choice(women if woman else men)
    latin_given, _, script_given = given.partition("|")
    latin_sur, script_sur = surname
    title = "Ms." if woman else "Mr."
    if lang == "vi":
        return f"{latin_sur} {given}", f"{title} {given.split()[-1]}"
    if lang == "zh":
        return f"{script_sur}{script_given}", f"{title} {latin_sur}"
    if native and script_given and script_sur:
        return f"{script_given} {script_sur}", f"{title} {latin_sur}"
    return f"{latin_given} {latin_sur}", f"{title} {latin_sur}" if lang != "en" else latin_given


def child_name(lang: str, surname: tuple[str, str], given: str) -> tuple[str, str]:
    if lang == "vi":
        return f"{surname[0]} {given}", given.split()[-1]
    return f"{given} {surname[0]}", given


def ascii_name(text: str) -> str:
    return "".join(c for c in fold(text) if c.isalnum())
