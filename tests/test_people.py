"""People in minutes and decisions: "Name, role" lines, signatures in either order, roles as printed."""
from _synth import make_pages

from kotoex.extract.layout import group_lines
from kotoex.interpret.paragraphs import Para
from kotoex.interpret.people import find_people


def _people(lines: list[str], one_line_paras: bool = False) -> list[tuple[str, str | None]]:
    pages = make_pages([[(t, 9, False) for t in lines]])
    grouped = group_lines(pages[0].words)
    paras = [Para([ln]) for ln in grouped] if one_line_paras else [Para(grouped)]
    return [(p.name, p.role) for p in find_people(paras)]


def test_name_role_lines_keep_their_own_role():
    got = _people(["Saapuvilla olleet jäsenet", "Juha Kattelus, puheenjohtaja", "Markku Keskikallio, 1. varapuheenjohtaja",
                   "Kati Lahnalampi", "Muut saapuvilla olleet", "Tuula Vuori, Hallintosihteeri, sihteeri",
                   "Pekka Hella, Kh:n edustaja"])
    assert got == [("Juha Kattelus", "puheenjohtaja"), ("Markku Keskikallio", "1. varapuheenjohtaja"),
                   ("Tuula Vuori", "hallintosihteeri, sihteeri"), ("Pekka Hella", "Kh:n edustaja")]


def test_signatures_name_over_role_and_role_over_name():
    assert _people(["Allekirjoitukset", "Juha Kattelus", "Puheenjohtaja", "Tuula Vuori", "Sihteeri"]) == [
        ("Juha Kattelus", "puheenjohtaja"), ("Tuula Vuori", "sihteeri")]
    assert _people(["Puheenjohtaja", "Juha Kattelus", "Sihteeri", "Tuula Vuori"], one_line_paras=True) == [
        ("Juha Kattelus", "puheenjohtaja"), ("Tuula Vuori", "sihteeri")]


def test_swedish_roles_stay_swedish():
    got = _people(["Närvarande", "Maria Backlund, ordförande", "Jonas Ek, ledamot", "Underskrifter", "Maria Backlund",
                   "Ordförande", "Peter Lind", "Sekreterare"])
    assert got == [("Maria Backlund", "ordförande"), ("Jonas Ek", "ledamot"), ("Peter Lind", "sekreterare")]


def test_a_list_of_names_is_no_role():
    assert _people(["Pekka Salo, Liisa Koski", "Hankkeen koordinaattorina toimii Maija Meikäläinen."]) == [
        ("Maija Meikäläinen", "koordinaattori")]


def test_presenter_roles_in_the_labels_language_and_role_columns_with_qualifiers():
    from kotoex.interpret.minutes_fields import _people_of
    from kotoex.models.document import Person
    assert _people_of(["Maria Backlund"], "presenter", "Föredragande") == [Person(name="Maria Backlund", role="föredragande")]
    assert _people_of(["Jonas Ek"], "preparer", "Beredare / tilläggsuppgifter") == [Person(name="Jonas Ek", role="beredare")]
    assert _people_of(["Maija Meikäläinen"], "preparer", "Valmistelija / lisätiedot") == [
        Person(name="Maija Meikäläinen", role="valmistelija")]
    got = _people_of(["Mirva Korpi, Arto Kahila, Jarkko Panu", "mirva.korpi@x.fi, arto.kahila@x.fi, jarkko.panu@x.fi",
                      "Tekninen johtaja, vt. ympäristöinsinööri, Rakennustarkastaja, Rakennustarkastaja"], "preparer")
    assert [(p.name, p.role) for p in got] == [("Mirva Korpi", "tekninen johtaja, vt. ympäristöinsinööri"),
                                             ("Arto Kahila", "rakennustarkastaja"), ("Jarkko Panu", "rakennustarkastaja")]


def test_signatures_side_by_side():
    from kotoex.extract.layout import Line
    from kotoex.extract.pdf import Word

    def line(cells, top):
        words = []
        for text, x in cells:
            for t in text.split():
                words.append(Word(t, x, x + 6 * len(t), top, top + 11, 10, False, 1))
                x += 6 * len(t) + 3
        return Line(words)
    lines = [line([("Juha Kattelus", 120), ("Tuula Vuori", 340)], 100), line([("Puheenjohtaja", 120), ("Sihteeri", 340)], 114),
             line([("Asiakirja on sähköisesti allekirjoitettu.", 57)], 140)]
    assert [(p.name, p.role) for p in find_people([Para(lines)])] == [("Juha Kattelus", "puheenjohtaja"),
                                                                     ("Tuula Vuori", "sihteeri")]
