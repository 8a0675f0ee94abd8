"""Training-data preparation: tokens, gap punctuation, the lone container-title fix, cleaned gold, style guess."""
from dclit.biblio.data import audited, cleaned, guess_style, load_rows, row_to_example
from dclit.biblio.features import token_features, tokenize


def test_tokens_keep_ordinals_and_split_letter_digit_runs():
    words = [t.text for t in tokenize("Updated 4th ed. Phys. Rev. D70, 2002b, 14th-16th c., 3ème éd.")]
    assert words == ["Updated", "4th", "ed", ".", "Phys", ".", "Rev", ".", "D", "70", ",", "2002b", ",",
                     "14th", "-", "16th", "c.", ",", "3ème", "éd", "."]


def test_unlabelled_punctuation_joins_the_field_it_leans_on():
    # GROBID leaves "(" ")" "." between fields unlabelled; AnyStyle keeps them in the segments
    row = {"id": "g:1", "raw": "Hess KR. Microarrays. Trends Biotechnol (2001); 19: 463-8.",
           "segments": [["author", "Hess KR"], ["title", "Microarrays"], ["title-j", "Trends Biotechnol"],
                        ["date", "2001"], ["biblScope-volume", "19"], ["biblScope-page", "463-8"]]}
    ex = row_to_example(row)
    got = [(t.text, lab) for t, lab in zip(ex.tokens, ex.labels)]
    assert got == [("Hess", "author"), ("KR", "author"), (".", "author"), ("Microarrays", "title"),
                   (".", "title"), ("Trends", "container"), ("Biotechnol", "container"), ("(", "date"),
                   ("2001", "date"), (")", "date"), (";", "date"), ("19", "volume"), (":", "volume"),
                   ("463-8", "pages"), (".", "pages")]
    assert len(token_features(ex.tokens)) == len(ex.tokens)


def test_a_books_title_labelled_container_title_is_read_as_title():
    seg = [["author", "Sayer, D."], ["date", "(1991)."], ["container-title", "Capitalism and modernity."],
           ["location", "London:"], ["publisher", "Routledge."]]
    row = {"id": "a:1", "raw": " ".join(t for _, t in seg), "segments": seg, "container": "Capitalism and modernity"}
    ex = row_to_example(row)
    assert {lab for t, lab in zip(ex.tokens, ex.labels) if t.text == "Capitalism"} == {"title"}
    assert ex.gold["container"] == "Capitalism and modernity"  # the gold value itself is left as it is
    chapter = [["author", "Smith, J."], ["date", "(1991)."], ["title", "A chapter."],
               ["container-title", "In Big Book."]]
    ex = row_to_example({"id": "a:2", "raw": " ".join(t for _, t in chapter), "segments": chapter})
    assert {lab for t, lab in zip(ex.tokens, ex.labels) if t.text == "Big"} == {"container"}



def test_the_cleaned_gold_reads_a_books_title_labelled_container_title_as_title():
    # AnyStyle ugly.xml row (BSD-2-Clause, (c) Sylvester Keil); the training tags say title,
    # the dataset's gold says container, the cleaned gold (reported beside it) says title
    seg = [["author", "DE VOOGHT, Paul,"], ["container-title", "Jacobellus de Stříbro († 1429), premier théologien "
                                                              "du hussitisme,"], ["publisher", "Louvain"], ["date", "1972."]]
    row = {"id": "a:3", "raw": " ".join(t for _, t in seg), "segments": seg,
           "container": "Jacobellus de Stříbro († 1429), premier théologien du hussitisme"}
    ex = row_to_example(row)
    assert ex.gold["title"] is None and ex.gold["container"].startswith("Jacobellus")
    (clean,) = cleaned([ex])
    assert clean.gold["title"] == row["container"] and clean.gold["container"] is None
    assert clean.labels == ex.labels and clean.cleaned_gold == clean.gold


def test_a_journal_cited_without_its_articles_title_keeps_its_gold():
    # AnyStyle gold.xml row: journal, volume, pages and no title
    seg = [["author", "Chen, H., Tafalla, M., Greene, T. P., Myers, P. C., & Wilner, D. J."], ["date", "1997,"],
           ["journal", "ApJ,"], ["volume", "475,"], ["pages", "163"]]
    ex = row_to_example({"id": "a:4", "raw": " ".join(t for _, t in seg), "segments": seg, "container": "ApJ"})
    assert {lab for t, lab in zip(ex.tokens, ex.labels) if t.text == "ApJ"} == {"container"}
    assert cleaned([ex])[0].gold == ex.gold


SPERBER = "Sperber, Dan. 1996. Explaining Culture: A Naturalistic Approach. Oxford: Blackwell."


def test_style_guess_for_rows_without_one(tmp_path):
    soete = "[1] L. Soete, “Knowledge, policy and innovation,” in National innovation, 2006."
    assert guess_style(soete) == "numeric"
    assert guess_style(SPERBER) == "author-year"
    assert guess_style("Transition énergétique, http://transitionenergetique.org/") == "other"
    path = tmp_path / "rows.jsonl"
    path.write_text('{"id": "x:1", "raw": "' + SPERBER + '", "title": "Explaining Culture: A Naturalistic Approach",'
                    ' "year": "1996", "authors_raw": ["Sperber, Dan."]}\n\n', encoding="utf-8")
    (ex,) = load_rows(path)
    assert ex.style == "author-year" and ex.gold["year"] == "1996" and len(ex.labels) == len(ex.tokens)



def test_a_validation_fold_can_never_be_the_held_out_split(tmp_path):
    import pytest

    from dclit.biblio import train

    with pytest.raises(ValueError, match="dev_mod"):
        train.train(tmp_path, tmp_path, dev=True, dev_mod=0)
    assert not list(tmp_path.iterdir())  # refused before reading data or writing a model


def test_audited_gold_replaces_title_and_container_and_keeps_only_audited_rows(tmp_path):
    # a real held-out row (anystyle ugly.xml) whose dataset gold puts the book's title in the container
    seg = [["author", "Logan, K. A., and L. Sweanor."], ["date", "2001."],
           ["container-title", "Desert puma: evolutionary ecology and conservation of an enduring carnivore."],
           ["publisher", "Island Press,"], ["location", "Washington, D.C., USA."]]
    book = row_to_example({"id": "anystyle:ugly:3471", "raw": " ".join(t for _, t in seg), "segments": seg,
                           "container": "Desert puma: evolutionary ecology and conservation of an enduring carnivore"})
    other = row_to_example({"id": "x:2", "raw": "Smith, J. 1990. A title. Big Journal 3: 1-2.", "segments": []})
    audit = tmp_path / "audited.jsonl"
    audit.write_text('{"id": "anystyle:ugly:3471", "title": "Desert puma: evolutionary ecology and conservation '
                     'of an enduring carnivore", "container": ""}\n', encoding="utf-8")
    [fixed] = audited([book, other], audit)
    assert fixed.gold["title"].startswith("Desert puma") and fixed.gold["container"] is None
    assert book.gold["container"].startswith("Desert puma")  # the dataset's own gold is left as it is
    assert fixed.gold["authors_raw"] == book.gold["authors_raw"]
