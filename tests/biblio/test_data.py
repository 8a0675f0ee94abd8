"""Training-data preparation: tokens, gap punctuation, the lone container-title fix."""
from dclit.biblio.data import row_to_example
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
