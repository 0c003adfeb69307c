"""The words publish itself puts into a book, in each language the party publishes in.

One table, used by every edition (HTML, EPUB, PDF): a reader of a Ukrainian pamphlet meets
Ukrainian on every page publish made. A language missing from the table gets English as a
whole, never a mixture; months are for dates shown as words (8 марта 2023).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Strings:
    contents: str
    notes: str
    cover: str
    colophon: str
    landmarks: str
    made_with: str  # {version}
    fonts_licensed: str  # {fonts}, {licence}
    months: tuple[str, ...] = ()  # genitive where the language writes "8 марта"; () = ISO dates
    date: str = "{day}\u00a0{month} {year}"  # how a date is written out
    title_page: str = "Title page"  # the landmarks' labels, one for each kind of page
    start: str = "Start of the text"
    standalone_months: tuple[str, ...] = ()  # a month named alone (март 2024), where not as in `months`
    issue: str = "No.\u00a0{number}"  # a journal issue's number
    edited_by: str = "Edited by {names}"  # a collection's editors
    typeset_with: str = "Typeset with publish {version}."  # a printed book's colophon
    print_pages: str = "Pages of the print edition"  # an e-book's page list
    # the archive site (publish catalog): its search, its lists, the newest-first list
    search: str = "Search"
    by_language: str = "By language"
    by_series: str = "By series"
    by_year: str = "By year"
    all_texts: str = "All texts, newest first"


_TABLE = {
    "en": Strings(
        "Contents", "Notes", "Cover", "Colophon", "Landmarks", "Made with publish {version}.",
        "Fonts: {fonts}, under the {licence}.",
        ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
         "November", "December"),
    ),
    "ru": Strings(
        "Содержание", "Примечания", "Обложка", "Выходные сведения", "Ориентиры",
        "Электронная книга сделана программой publish {version}.",
        "Шрифты {fonts} — по лицензии {licence}.",
        ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
         "ноября", "декабря"),
        title_page="Титульный лист", start="Начало текста", issue="№\u00a0{number}",
        standalone_months=("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь",
                           "октябрь", "ноябрь", "декабрь"),
        edited_by="Редакторы: {names}", typeset_with="Свёрстано программой publish {version}.", print_pages="Страницы печатного издания", search="Поиск", by_language="По языкам", by_series="По сериям", by_year="По годам", all_texts="Все тексты, новые первыми",
    ),
    "uk": Strings(
        "Зміст", "Примітки", "Обкладинка", "Вихідні дані", "Орієнтири",
        "Електронну книгу створено програмою publish {version}.",
        "Шрифти {fonts} — за ліцензією {licence}.",
        ("січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня", "жовтня",
         "листопада", "грудня"),
        title_page="Титульна сторінка", start="Початок тексту", issue="№\u00a0{number}",
        standalone_months=("січень", "лютий", "березень", "квітень", "травень", "червень", "липень", "серпень",
                           "вересень", "жовтень", "листопад", "грудень"),
        edited_by="Редактори: {names}", typeset_with="Зверстано програмою publish {version}.", print_pages="Сторінки друкованого видання", search="Пошук", by_language="За мовами", by_series="За серіями", by_year="За роками", all_texts="Усі тексти, нові першими",
    ),
    "de": Strings(
        "Inhalt", "Anmerkungen", "Umschlag", "Impressum", "Orientierung", "Erstellt mit publish {version}.",
        "Schriften: {fonts}, unter der {licence}.",
        ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
         "November", "Dezember"),
        "{day}.\u00a0{month} {year}",
        title_page="Titelseite", start="Textbeginn", issue="Nr.\u00a0{number}",
        edited_by="Herausgegeben von {names}", typeset_with="Gesetzt mit publish {version}.", print_pages="Seiten der Druckausgabe", search="Suche", by_language="Nach Sprache", by_series="Nach Reihe", by_year="Nach Jahr", all_texts="Alle Texte, neueste zuerst",
    ),
    "fr": Strings(
        "Table des matières", "Notes", "Couverture", "Achevé d’imprimer", "Repères",
        "Livre numérique réalisé avec publish {version}.",
        "Polices : {fonts}, sous licence {licence}.",
        ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
         "novembre", "décembre"),
        title_page="Page de titre", start="Début du texte", issue="no\u00a0{number}",
        edited_by="Sous la direction de {names}", typeset_with="Composé avec publish {version}.", print_pages="Pages de l’édition imprimée", search="Recherche", by_language="Par langue", by_series="Par collection", by_year="Par année", all_texts="Tous les textes, les plus récents d’abord",
    ),
    "it": Strings(
        "Indice", "Note", "Copertina", "Colophon", "Punti di riferimento", "Realizzato con publish {version}.",
        "Caratteri: {fonts}, con licenza {licence}.",
        ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre",
         "ottobre", "novembre", "dicembre"),
        title_page="Frontespizio", start="Inizio del testo", issue="n.\u00a0{number}",
        edited_by="A cura di {names}", typeset_with="Composto con publish {version}.", print_pages="Pagine dell’edizione a stampa", search="Cerca", by_language="Per lingua", by_series="Per collana", by_year="Per anno", all_texts="Tutti i testi, i più recenti prima",
    ),
    "es": Strings(
        "Índice", "Notas", "Cubierta", "Colofón", "Puntos de referencia", "Hecho con publish {version}.",
        "Tipografías: {fonts}, con licencia {licence}.",
        ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
         "noviembre", "diciembre"),
        "{day} de {month} de {year}",
        title_page="Portadilla", start="Comienzo del texto", issue="n.º\u00a0{number}",
        edited_by="Edición de {names}", typeset_with="Compuesto con publish {version}.", print_pages="Páginas de la edición impresa", search="Buscar", by_language="Por idioma", by_series="Por serie", by_year="Por año", all_texts="Todos los textos, los más recientes primero",
    ),
}  # fmt: skip
LANGUAGES = tuple(_TABLE)


def strings(language: str) -> Strings:
    """The interface strings for `language` (a BCP 47 tag), or English as a whole."""
    return _TABLE.get(language.split("-")[0].lower(), _TABLE["en"])


def month_numbers() -> dict[str, int]:
    """Every month's name in the table's languages, as a date may write it (both forms, and
    the first three letters), lower-cased → its number: for reading "28 июля 2014"."""
    numbers: dict[str, int] = {}
    for table in _TABLE.values():
        for names in (table.months, table.standalone_months):
            for number, name in enumerate(names, start=1):
                numbers[name.lower()] = number
                numbers.setdefault(name.lower()[:3], number)
    return numbers
