"""Definition frames in six languages, and what is not a definition."""
import pytest

from dclit.tables.definitions import match_definition

DEFINING = [
    ("", " is defined as the transfer of", "defined as"),
    ("", " (DC), as used here, refers to links between", "refers to"),
    ("For the purposes of this Convention, ", " shall mean any concerted action", "means"),
    ("By ", " we mean the transfer of powers", "by X we mean"),
    ("We define ", " as the exchange between", "we define X as"),
    ("", " désigne le transfert de compétences", "fr: désigne"),
    ("On entend par ", " le transfert", "fr: on entend par X"),
    ("La ", " se définit comme un processus", "fr: se définit comme"),
    ("Se entiende por ", " el proceso", "es: se entiende por X"),
    ("La ", " se refiere a la transferencia", "es: se refiere a"),
    ("Per ", " si intende il trasferimento", "it: per X si intende"),
    ("Unter ", " versteht man die Übertragung", "de: unter X versteht man"),
    ("", " bezeichnet die Übertragung von Aufgaben", "de: bezeichnet"),
    ("", " is the transfer of authority from the centre", "genus"),
    ("", " is widely used in development practice and refers to cooperation efforts", "refers to"),
    ("", ", understood as the devolution of responsibilities", "understood as"),
    ("«Por ", " se entiende el derecho", "es: por X se entiende"),
    ("In the narrow sense, ", " means that local authorities are established by law", "in the narrow sense, X means"),
]
NOT_DEFINING = [
    ("", " means that local authorities must act"),
    ("", " signifie que les communes"),
    ("", " bedeutet, dass die Gemeinden"),
    ("The cornerstone of ", " is the transfer of knowledge"),
    ("Support to ", " is important for donors"),
    ("", " has grown since the 1990s"),
    ("For ", ", that means adapting the data"),
    ("qu’entend-on par ", ", démocratie locale ou encore autonomie locale ? »"),
    ("En 2003, une politique de ", " est définie comme axe transversal"),
    ("The notion of ", " is understood today in very different ways"),
]


@pytest.mark.parametrize("before,after,name", DEFINING)
def test_defining_frames(before, after, name):
    assert match_definition(before, after) == name


@pytest.mark.parametrize("before,after", NOT_DEFINING)
def test_not_definitions(before, after):
    assert match_definition(before, after) is None
