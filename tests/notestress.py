"""Texts made to test footnotes and lists in print, and checks of where they landed.

A text is Markdown with headings, lists, quotes and notes at random places (short, long and very
long notes). Each call stands after a word `Q<n>CALL` and each note starts with `Q<n>NOTE`, so
that pdftotext finds both; every few words carry a counter (`w<n>` in the text, `v<note>x<n>` in
the notes), so that a lost or doubled line shows as a counter missing or out of order. Nothing here knows how publish sets a page.
"""

from __future__ import annotations

import random
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

SENTENCES = (
    "Рабочие металлургического комбината третью неделю требуют повышения заработной платы",
    "Администрация отвечает угрозами, а местные власти делают вид, что ничего не происходит",
    "В посёлке, где живут семьи забастовщиков, прошло собрание соседних предприятий",
    "Профсоюз, созданный ещё в девяностые годы, давно превратился в отдел кадров",
    "Цены на продукты выросли за год почти на треть, тогда как зарплаты остались прежними",
    "Газета областного центра назвала стачку провокацией, не приведя ни одного факта",
    "Молодые рабочие, пришедшие на завод после колледжа, оказались самыми решительными",
    "Комитет стачки опубликовал требования и призвал жителей города к солидарности",
    "Полиция задержала нескольких активистов, но под давлением толпы отпустила их",
    "История подобных выступлений показывает, что уступки добываются только силой",
    "Владельцы предприятия вывели прибыль за границу через цепочку подставных компаний",
    "Вопрос о независимой организации стоит сегодня острее, чем когда-либо прежде",
)
NOTES = (
    "См. материалы комитета стачки за март.",
    "Там же, с. 14.",
    "Данные официальной статистики, которые вызывают сомнения у независимых экономистов, приводятся "
    "по сборнику областного управления; более поздние цифры не опубликованы.",
    "Речь идёт о так называемой «оптимизации», начатой новым руководством: сокращении ставок, переводе "
    "части рабочих на срочные договоры, закрытии столовой и медпункта, отмене доплат за вредность и ночные "
    "смены, а также о повышении норм выработки без пересмотра расценок.",
)


def note_stress_text(seed: int, paragraphs: int = 50, notes: int = 24) -> str:
    """A Markdown text of about `paragraphs` paragraphs with `notes` notes, dense in places."""
    chance = random.Random(seed)
    counter = 0
    called = 0

    def sentence(with_note: bool) -> str:
        nonlocal counter, called
        words = chance.choice(SENTENCES).split()
        marked = []
        for index, word in enumerate(words):
            if index % 4 == 0:
                counter += 1
                marked.append(f"w{counter}")
            marked.append(word)
        text = " ".join(marked)
        if with_note and called < notes:
            called += 1
            text += f" Q{called}CALL[^{called}]"
        return text

    def wants_note() -> bool:
        return chance.random() < 1.6 * notes / paragraphs / 4

    blocks = []
    for number in range(paragraphs):
        if number and number % 12 == 0:
            blocks.append(f"## Часть {number // 12 + 1}")
        kind = chance.random()
        if kind < 0.12:
            blocks.append("\n".join(f"{item}) {sentence(wants_note())};" for item in range(1, chance.randint(2, 6))))
        elif kind < 0.2:
            blocks.append("> " + sentence(True) + ".")
        elif kind < 0.25:  # notes in a cluster: three calls in a row
            blocks.append(". ".join(sentence(True) for _ in range(3)) + ".")
        else:
            blocks.append(". ".join(sentence(wants_note()) for _ in range(chance.randint(1, 5))) + ".")
    while called < notes:
        blocks.append(sentence(True) + ".")
    bodies = []
    for number in range(1, called + 1):
        body = chance.choice(NOTES)
        if number % 7 == 0:
            body = " ".join([NOTES[3]] * 3)  # a note of half an A6 page
        words = body.split()
        marked = " ".join(
            f"v{number}x{index // 4 + 1} {word}" if index % 4 == 0 else word for index, word in enumerate(words)
        )
        bodies.append(f"[^{number}]: Q{number}NOTE {marked}")
    front = f"---\ntitle: Стачка {seed}\nauthor: Редакция\nlang: ru\n---\n\n"
    return front + "\n\n".join(blocks) + "\n\n" + "\n".join(bodies) + "\n"


@dataclass
class NotePlaces:
    calls: dict[int, list[int]]  # note number → pages (from 1) its call is printed on
    notes: dict[int, list[int]]  # note number → pages its text is printed on
    order: dict[int, list[int]]  # page → the notes printed on it, top to bottom
    counters: list[int]  # the text's word counters, in the order printed
    note_counters: dict[int, list[tuple[int, int]]]  # note → its word counters, (page, counter) as printed

    @property
    def note_pages(self) -> dict[int, list[int]]:
        """Note → every page some of its text is printed on."""
        return {number: sorted({page for page, _ in found}) for number, found in self.note_counters.items()}

    def lost_note_text(self) -> list[str]:
        problems = []
        for number, found in self.note_counters.items():
            counters = [counter for _, counter in found]
            if counters != list(range(1, len(counters) + 1)):
                problems.append(f"note {number}: its words are not all there once each, in order: {counters}")
        return problems

    def misplaced(self) -> list[str]:
        """Every way the notes went wrong, in words; empty when all is well."""
        problems = []
        for number in sorted(self.calls.keys() | self.notes.keys()):
            called, printed = self.calls.get(number, []), self.notes.get(number, [])
            if len(called) != 1 or len(printed) != 1 or called != printed:
                problems.append(f"note {number}: called on pages {called}, printed on pages {printed}")
        for page, numbers in self.order.items():
            if numbers != sorted(numbers):
                problems.append(f"page {page}: notes in the order {numbers}")
        return problems

    def lost_text(self) -> list[str]:
        expected = list(range(1, max(self.counters, default=0) + 1))
        # Sorted: pdftotext may read two columns' lines interleaved.
        return [] if sorted(self.counters) == expected else ["the text's word counters are not all there once each"]


def badly_split_lists(pdf: Path) -> list[str]:
    """Lists of the stress text (items "N. w…") split where a book would not: a list of up to
    four items over two pages, or a longer one leaving its first or last item alone."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    lists: list[list[tuple[int, int]]] = []  # each list's items as (page, number)
    for page, content in enumerate(text.split("\f"), start=1):
        for line in content.splitlines():
            item = re.match(r"(\d+)\.\s+w\d+", line.strip())
            if item:
                number = int(item.group(1))
                if number == 1 or not lists:
                    lists.append([])
                lists[-1].append((page, number))
    problems = []
    for items in lists:
        pages = [page for page, _ in items]
        if len(set(pages)) == 1 or len(set(pages)) > 2:
            continue  # on one page, or longer than a page (large print on A6): nothing to keep
        if len(items) <= 4:
            problems.append(f"a list of {len(items)} items over pages {sorted(set(pages))}")
        elif pages[0] != pages[1] or pages[-1] != pages[-2]:
            problems.append(f"a list of {len(items)} items leaves one alone: pages {pages}")
    return problems


def note_places(pdf: Path) -> NotePlaces:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    calls: dict[int, list[int]] = {}
    notes: dict[int, list[int]] = {}
    order: dict[int, list[int]] = {}
    counters = []
    note_counters: dict[int, list[tuple[int, int]]] = {}
    for page, content in enumerate(text.split("\f"), start=1):
        for match in re.finditer(r"\bv(\d+)x(\d+)\b", content):
            note_counters.setdefault(int(match.group(1)), []).append((page, int(match.group(2))))
        for match in re.finditer(r"Q(\d+)(CALL|NOTE)", content):
            number = int(match.group(1))
            (calls if match.group(2) == "CALL" else notes).setdefault(number, []).append(page)
            if match.group(2) == "NOTE":
                order.setdefault(page, []).append(number)
        counters.extend(int(found) for found in re.findall(r"\bw(\d+)\b", content))
    return NotePlaces(calls, notes, order, counters, note_counters)
