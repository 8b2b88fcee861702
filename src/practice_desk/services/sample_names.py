"""Names for the sample practice: a dozen cultures, as people write them.

Each name is written "as written=latin" when its script is not Latin (the latin form feeds the
e-mail address), "masculine/feminine" where the surname changes with gender, and "_" joins the
parts of a compound given name ("José_Luis").
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from practice_desk.domain.text_fold import fold


@dataclass(frozen=True)
class Name:
    text: str  # as the person writes it
    latin: str  # in Latin letters, as on a passport or an e-mail address


@dataclass(frozen=True)
class Culture:
    key: str
    weight: int
    women: tuple[Name, ...]
    men: tuple[Name, ...]
    surnames: tuple[tuple[Name, Name], ...]  # (masculine, feminine)
    nicknames: dict[str, Name] = field(default_factory=dict)
    latin_script: bool = True
    family_first: bool = False  # 王芳: family name first, no space
    english_women: tuple[Name, ...] = ()  # an adopted English name, used day to day
    english_men: tuple[Name, ...] = ()
    two_surnames: bool = False  # Spanish: the legal name carries both surnames


@dataclass(frozen=True)
class PersonName:
    display: str
    legal: str
    given: str  # latin, for the e-mail address
    family: str
    gender: str  # "f", "m" or "x"


def _names(spec: str) -> tuple[Name, ...]:
    found = []
    for word in spec.split():
        text, _, latin = word.partition("=")
        found.append(Name(text.replace("_", " "), (latin or text).replace("_", " ")))
    return tuple(found)


def _surnames(spec: str) -> tuple[tuple[Name, Name], ...]:
    pairs = []
    for word in spec.split():
        text, _, latin = word.partition("=")
        texts = text.replace("_", " ").split("/")
        latins = (latin or text).replace("_", " ").split("/")
        pairs.append((Name(texts[0], latins[0]), Name(texts[-1], latins[-1])))
    return tuple(pairs)


def _nicknames(spec: str) -> dict[str, Name]:
    found = {}
    for pair in spec.split():
        formal, _, nick = pair.partition(":")
        found[formal.split("=")[0].replace("_", " ")] = _names(nick)[0]
    return found


CULTURES = (
    Culture(
        "english",
        18,
        _names(
            "Siobhán Niamh Aoife Saoirse Charlotte Emily Hannah Sophie Rebecca Megan Ffion "
            "Catherine Margaret Elizabeth Zoë Chloë"
        ),
        _names(
            "William James Oliver Thomas Daniel Rhys Seán Ciarán Robert Michael Patrick "
            "Samuel Eoghan Alasdair"
        ),
        _surnames(
            "O'Connor Murphy Smith Jones Williams Taylor Brown Davies Evans Walsh Kelly "
            "Thompson Wright Robinson Hughes MacLeod Ó_Súilleabháin Fitzgerald Campbell Clarke"
        ),
        _nicknames(
            "Elizabeth:Beth Margaret:Maggie Catherine:Kate Rebecca:Becky William:Will "
            "James:Jamie Robert:Rob Michael:Mike Thomas:Tom Samuel:Sam Daniel:Dan Alasdair:Ali"
        ),
    ),
    Culture(
        "polish",
        8,
        _names(
            "Małgorzata Katarzyna Agnieszka Joanna Aleksandra Magdalena Zofia Bożena "
            "Jadwiga Weronika Grażyna"
        ),
        _names("Łukasz Paweł Krzysztof Wojciech Michał Piotr Grzegorz Tomasz Jakub Bartłomiej"),
        _surnames(
            "Kowalski/Kowalska Wiśniewski/Wiśniewska Wójcik Kamiński/Kamińska "
            "Lewandowski/Lewandowska Zieliński/Zielińska Szymański/Szymańska Woźniak "
            "Dąbrowski/Dąbrowska Kozłowski/Kozłowska Jankowski/Jankowska Mazur Krawczyk "
            "Grabowski/Grabowska Nowak Pawłowski/Pawłowska Król Wieczorek Jabłoński/Jabłońska"
        ),
        _nicknames(
            "Małgorzata:Gosia Katarzyna:Kasia Aleksandra:Ola Agnieszka:Aga Magdalena:Magda "
            "Joanna:Asia Krzysztof:Krzysiek Wojciech:Wojtek Grzegorz:Grzesiek "
            "Bartłomiej:Bartek Jakub:Kuba Tomasz:Tomek"
        ),
    ),
    Culture(
        "turkish",
        7,
        _names("Ayşe Elif Zeynep Fatma Emine Özlem Gülşen Şule Derya Büşra Hatice Merve"),
        _names("Mehmet Mustafa Ahmet Ali Hüseyin Emre Murat Oğuz Çağrı Barış Serkan İbrahim"),
        _surnames(
            "Öztürk Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Aydın Özdemir Arslan Doğan "
            "Kılıç Aslan Çetin Kara Koç Kurt Özkan Şimşek"
        ),
    ),
    Culture(
        "greek",
        6,
        _names(
            "Ελένη=Eleni Μαρία=Maria Αικατερίνη=Aikaterini Σοφία=Sofia Δήμητρα=Dimitra "
            "Γεωργία=Georgia Αναστασία=Anastasia Βασιλική=Vasiliki Ειρήνη=Eirini "
            "Χριστίνα=Christina"
        ),
        _names(
            "Γιώργος=Giorgos Κωνσταντίνος=Konstantinos Δημήτρης=Dimitris Νίκος=Nikos "
            "Ιωάννης=Ioannis Παναγιώτης=Panagiotis Αλέξανδρος=Alexandros Χρήστος=Christos "
            "Μιχάλης=Michalis Σπύρος=Spyros"
        ),
        _surnames(
            "Παπαδόπουλος/Παπαδοπούλου=Papadopoulos/Papadopoulou Παπαδάκης/Παπαδάκη="
            "Papadakis/Papadaki Γεωργίου=Georgiou Οικονόμου=Oikonomou Νικολάου=Nikolaou "
            "Βλάχος/Βλάχου=Vlachos/Vlachou Αντωνίου=Antoniou Μακρής/Μακρή=Makris/Makri "
            "Καραγιάννης/Καραγιάννη=Karagiannis/Karagianni Πετρόπουλος/Πετροπούλου="
            "Petropoulos/Petropoulou Αθανασίου=Athanasiou Ιωαννίδης/Ιωαννίδου="
            "Ioannidis/Ioannidou"
        ),
        _nicknames(
            "Κωνσταντίνος:Κώστας=Kostas Αικατερίνη:Κατερίνα=Katerina Ιωάννης:Γιάννης=Giannis "
            "Παναγιώτης:Τάκης=Takis Βασιλική:Βάσω=Vaso Αναστασία:Νατάσα=Natasa"
        ),
        latin_script=False,
    ),
    Culture(
        "chinese",
        7,
        _names(
            "芳=Fang 静=Jing 丽=Li 敏=Min 婷=Ting 雪梅=Xuemei 秀英=Xiuying 晓燕=Xiaoyan "
            "佳怡=Jiayi 欣怡=Xinyi 玉兰=Yulan 慧=Hui"
        ),
        _names(
            "伟=Wei 强=Qiang 磊=Lei 军=Jun 洋=Yang 勇=Yong 杰=Jie 浩然=Haoran 子轩=Zixuan "
            "宇航=Yuhang 建国=Jianguo 志明=Zhiming"
        ),
        _surnames(
            "王=Wang 李=Li 张=Zhang 刘=Liu 陈=Chen 杨=Yang 黄=Huang 赵=Zhao 吴=Wu 周=Zhou "
            "徐=Xu 孙=Sun 林=Lin 何=He 郭=Guo 马=Ma 胡=Hu 高=Gao"
        ),
        latin_script=False,
        family_first=True,
        english_women=_names("Grace Vivian Cindy Joy Iris Fiona"),
        english_men=_names("Kevin Jason Eric Andy Leo Vincent"),
    ),
    Culture(
        "german",
        10,
        _names(
            "Anke Birgit Jutta Frauke Lena Franziska Johanna Katharina Elisabeth Sabine "
            "Ursula Hannelore"
        ),
        _names(
            "Jürgen Jörg Matthias Stefan Andreas Maximilian Lukas Uwe Klaus Tobias Florian Johannes"
        ),
        _surnames(
            "Müller Schmidt Schneider Fischer Weiß Meyer Wagner Becker Schäfer Hoffmann "
            "Schröder Koch Bauer Richter Klein Wolf Neumann Schwarz Zimmermann Krüger "
            "Hartmann Lange Groß Köhler"
        ),
        _nicknames(
            "Johannes:Hannes Katharina:Kathi Franziska:Franzi Maximilian:Max Andreas:Andi "
            "Tobias:Tobi Elisabeth:Lisa Hannelore:Hanne"
        ),
    ),
    Culture(
        "spanish",
        9,
        _names(
            "María Lucía Carmen Dolores Pilar Begoña Inmaculada Sofía Valentina Ximena "
            "Mónica Ángela María_José Ana_Belén"
        ),
        _names(
            "José Javier Francisco Jesús Alejandro Íñigo Sergio Andrés Raúl Joaquín Manuel "
            "Álvaro José_Luis Juan_Carlos"
        ),
        _surnames(
            "García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez Martín "
            "Jiménez Ruiz Hernández Díaz Moreno Muñoz Álvarez Romero Núñez Ibáñez"
        ),
        _nicknames(
            "José:Pepe Francisco:Paco Dolores:Lola Jesús:Chus Inmaculada:Inma Manuel:Manolo "
            "Alejandro:Álex Javier:Javi Pilar:Pili"
        ),
        two_surnames=True,
    ),
    Culture(
        "nigerian",
        7,
        _names(
            "Adaeze Chiamaka Ngozi Folake Funmilayo Yetunde Ifeoma Aisha Zainab Amina "
            "Chinonso Oluwaseun Ìfẹ́olúwa Tèmítọ́pẹ́"
        ),
        _names(
            "Chukwuemeka Oluwadamilare Babatunde Olusegun Obinna Ikechukwu Ifeanyi Abubakar "
            "Musa Kelechi Adéwálé Olúwatóbi"
        ),
        _surnames(
            "Okafor Adeyemi Oladipo Okonkwo Eze Nwosu Balogun Adébáyọ̀ Ogunleye Chukwu Okoro "
            "Bello Ibrahim Olatunji Afolabi Nwachukwu Ọládèjọ"
        ),
        _nicknames(
            "Chukwuemeka:Emeka Oluwadamilare:Dami Oluwaseun:Seun Babatunde:Tunde "
            "Olusegun:Segun Funmilayo:Funmi Ifeanyi:Ify Chiamaka:Amaka Olúwatóbi:Tóbi "
            "Tèmítọ́pẹ́:Tọ́pẹ́ Ìfẹ́olúwa:Ìfẹ́"
        ),
    ),
    Culture(
        "indian",
        8,
        _names(
            "Priya Ananya Lakshmi Deepika Kavya Sunita Meera Shreya Aishwarya Nandini "
            "Harpreet Pooja"
        ),
        _names(
            "Arjun Rahul Vikram Rohan Sanjay Venkatesh Aditya Karthik Harjit Siddharth Anil Suresh"
        ),
        _surnames(
            "Sharma Patel Iyer Reddy Nair Singh/Kaur Gupta Menon Chatterjee Banerjee "
            "Mukherjee Rao Kulkarni Desai Joshi Pillai Krishnan Bhattacharya Agarwal Kapoor"
        ),
        _nicknames(
            "Venkatesh:Venky Siddharth:Sid Aishwarya:Ash Deepika:Deepa Vikram:Vik Karthik:Karthi"
        ),
    ),
    Culture(
        "scandinavian",
        7,
        _names(
            "Åsa Ingrid Sigrid Astrid Linnéa Maja Freja Siri Solveig Guðrún Ragnhild Malin Kirsten"
        ),
        _names("Björn Søren Øystein Lars Anders Magnus Nils Håkon Jørgen Erik Sindri Þórður"),
        _surnames(
            "Lindqvist Andersson Johansson Nilsson Ødegaard Hansen Jørgensen Sørensen "
            "Bjørnstad Åberg Lindgren Sjöberg Halvorsen Kristiansen Ström Engström Dahl "
            "Jónsson/Jónsdóttir Sigurðsson/Sigurðardóttir Gunnarsson/Gunnarsdóttir"
        ),
    ),
    Culture(
        "french",
        7,
        _names(
            "Amélie Hélène Maëlle Clémence Léa Noémie Françoise Cécile Élodie Agnès Anaïs Solène"
        ),
        _names(
            "François Jérôme Benoît Loïc Gaël Théo Étienne Mathéo Frédéric Rémi Jean-Baptiste Hervé"
        ),
        _surnames(
            "Lefèvre Girard Dubois Moreau Laurent Lemaître Rousseau Fournier Mercier Dupont "
            "Chevalier Bénard Faure Gauthier Perrin Roussel"
        ),
        _nicknames("Frédéric:Fred Jean-Baptiste:JB Françoise:Fanny"),
    ),
    Culture(
        "arabic",
        6,
        _names("Fatima Layla Nour Yasmin Mariam Salma Rania Huda"),
        _names("Omar Youssef Karim Tariq Hassan Khalid Samir Nabil"),
        _surnames("Haddad Khalil Nasser El-Amin Al-Sayed Mansour Farouk Saleh Aziz Hamdan"),
    ),
)

_WEIGHTS = tuple(culture.weight for culture in CULTURES)
_MIXABLE = tuple(culture for culture in CULTURES if culture.latin_script)


def ascii_letters(text: str) -> str:
    """'Ó Súilleabháin' -> 'osuilleabhain': for e-mail addresses."""
    return "".join(ch for ch in fold(text) if ch.isascii() and ch.isalnum())


def make_name(rng: random.Random) -> PersonName:
    culture = rng.choices(CULTURES, _WEIGHTS)[0]
    gender = rng.choices("fmx", (52, 44, 4))[0]
    female = gender == "f" or (gender == "x" and rng.random() < 0.5)
    given = rng.choice(culture.women if female else culture.men)
    family = rng.choice(culture.surnames)[1 if female else 0]
    if culture.latin_script and rng.random() < 0.05:  # married, or a mixed family
        family = rng.choice(rng.choice(_MIXABLE).surnames)[1 if female else 0]
    if culture.family_first:
        return _family_first(rng, culture, given, family, female, gender)
    middle = rng.choice(culture.women if female else culture.men)
    nickname = culture.nicknames.get(given.text)
    if not culture.latin_script and rng.random() < 0.4:  # written in Latin letters throughout
        given, middle, family = _latin(given), _latin(middle), _latin(family)
        nickname = _latin(nickname) if nickname else None
    legal = f"{given.text} {family.text}"
    if culture.two_surnames:
        legal = f"{legal} {rng.choice(culture.surnames)[0].text}"
    elif middle != given and rng.random() < 0.15:  # a middle name, on the legal name only
        legal = f"{given.text} {middle.text} {family.text}"
    shown = nickname if nickname and rng.random() < 0.5 else given
    return PersonName(
        f"{shown.text} {family.text}",
        legal,
        ascii_letters(shown.latin),
        ascii_letters(family.latin),
        gender,
    )


def _latin(name: Name) -> Name:
    return Name(name.latin, name.latin)


def _family_first(
    rng: random.Random, culture: Culture, given: Name, family: Name, female: bool, gender: str
) -> PersonName:
    native = f"{family.text}{given.text}"
    english = culture.english_women if female else culture.english_men
    roll = rng.random()
    if roll < 0.4:
        display = native
    elif roll < 0.7 and english:
        display = f"{rng.choice(english).text} {family.latin}"
    elif roll < 0.9:
        display = f"{given.latin} {family.latin}"
    else:
        display = f"{family.latin} {given.latin}"
    legal = native if rng.random() < 0.7 else f"{family.latin.upper()} {given.latin}"
    return PersonName(
        display, legal, ascii_letters(given.latin), ascii_letters(family.latin), gender
    )
