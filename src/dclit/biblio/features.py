"""Tokenising a reference string and the features the CRF tagger sees.

Tokens keep their character offsets, so tagged runs map back to exact substrings
of the raw reference. Features describe the token itself (shape, case, digits,
punctuation, lexicon hits), where it sits in the reference (relative position,
how many full stops/years/quotes came before, how far the next year or page range
is), the sentence-like chunk and the comma-delimited segment it sits in, and its
neighbours (±3 tokens).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

TOKEN_RE = re.compile(
    r"""https?://\S+|www\.\S+|doi:\s*\S+|10\.\d{4,9}/\S+   # URLs and DOIs
    |(?:[^\W\d_]\.){2,}                                       # run-together initials I.S.A.
    |[^\W\d_]\.(?=\s|,|$|-)                                   # single initial J.
    |\d+[^\W\d_]{2,3}(?![^\W_])                               # ordinals 4th, 2nd, 3ème
    |\d+(?:[-–—]\d+)?(?:[a-z](?![^\W_]))?                     # numbers, ranges, 2002b
    |[^\W\d_]+(?:[-'’][^\W_]+)*                              # words (D70 → D, 70)
    |\S                                                       # any other character
    """,
    re.VERBOSE,
)

# The tags the tagger predicts (CSL-JSON variables they feed, see crf.py).
LABELS = ("author", "editor", "date", "title", "container", "publisher", "place", "volume",
          "issue", "pages", "doi", "url", "edition", "num", "note")

MONTHS = set(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july"
    " august september october november december janvier février mars avril mai juin juillet août"
    " septembre octobre novembre décembre enero febrero marzo abril mayo junio julio agosto"
    " septiembre octubre noviembre diciembre januar februar märz juni juli oktober dezember".split())
EDITOR_WORDS = set("ed eds ed. editor editors edited hrsg hrsg. dir coord coords comp comps éd éds".split())
CONTAINER_CUES = set("in en dans im journal review proceedings conference revue revista zeitschrift"
                     " bulletin quarterly annals transactions studies".split())
PUBLISHER_WORDS = set("press university universidad université universität verlag publishers publishing"
                      " publications editions éditions editorial editora books routledge sage springer"
                      " wiley elsevier blackwell oxford cambridge macmillan palgrave ashgate harmattan"
                      " karthala pluto zed earthscan kluwer ltd inc co".split())
PLACES = set("london paris new york oxford cambridge washington berlin madrid barcelona amsterdam"
             " brussels bruxelles geneva genève rome roma the hague hague nairobi boston chicago"
             " aldershot abingdon basingstoke thousand oaks dordrecht heidelberg frankfurt münchen"
             " munich bonn lisboa lisbon toronto montreal ottawa mexico méxico buenos aires bogotá"
             " lima quito santiago leiden utrecht rotterdam delhi dakar tokyo seville sevilla".split())
PAGE_WORDS = set("p pp pág págs pages page s seiten".split())
VOL_WORDS = set("vol vols volume no nr num issue n° nº número heft jg bd t tome".split())
NOTE_WORDS = set("report thesis dissertation paper working series available accessed retrieved"
                 " consulté online disponible presented conference workshop".split())


CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int


def normalise(text: str) -> str:
    """NFC, ligatures unfolded (ﬁ → fi), NBSP to space."""
    return unicodedata.normalize("NFKC", text).replace("\u00a0", " ")


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(text)]


def shape(word: str) -> str:
    s = re.sub(r"[A-ZÀ-Þ]", "X", word)
    s = re.sub(r"[a-zß-ÿ]", "x", s)
    s = re.sub(r"\d", "d", s)
    return re.sub(r"(.)\1{2,}", r"\1\1", s)[:8]


def _is_initial(w: str) -> bool:
    return bool(re.fullmatch(r"(?:[A-ZÀ-Þ]\.)+|[A-ZÀ-Þ]{1,3}", w)) and w.upper() == w


def _own(tok: str) -> dict[str, object]:
    w = tok
    low = w.lower().rstrip(".") or w
    f: dict[str, object] = {
        "w": low if len(low) < 20 else low[:20],
        "sh": shape(w),
        "p3": low[:3],
        "s3": low[-3:],
        "len": min(len(w), 10),
    }
    if w[:1].isupper():
        f["cap"] = 1
    elif w[:1].isalpha():
        f["low"] = 1
    if w.isupper() and len(w) > 1 and w.isalpha():
        f["allcap"] = 1
    if _is_initial(w):
        f["init"] = 1
    if re.fullmatch(r"(1[5-9]\d\d|20\d\d)[a-z]?", w):
        f["year"] = 1
    elif re.fullmatch(r"\d+[-–—]\d+", w):
        f["range"] = 1
    elif w.isdigit():
        f["num"] = "1" if len(w) <= 2 else "3" if len(w) <= 3 else "4+"
    if not w[0].isalnum():
        f["punct"] = w
    if CJK_RE.search(w):
        f["cjk"] = 1
    if w.startswith(("http", "www.")):
        f["url"] = 1
    if w.lower().startswith("doi") or re.match(r"10\.\d{4}", w):
        f["doi"] = 1
    for name, lex in (("month", MONTHS), ("edw", EDITOR_WORDS), ("cont", CONTAINER_CUES),
                      ("pubw", PUBLISHER_WORDS), ("place", PLACES), ("pagew", PAGE_WORDS),
                      ("volw", VOL_WORDS), ("notew", NOTE_WORDS)):
        if low in lex:
            f[name] = 1
    return f


IN_MARKERS = {"in", "en", "dans", "im", "in:"}
OPEN_QUOTES, CLOSE_QUOTES = set("“«\"‘"), set("”»\"’")


def _context_state(tokens: list[Token]) -> list[dict[str, object]]:
    """Per token: what came before (full stops, years, commas since the last stop, an
    "In" marker, an editor word, quotes open or closed, bracket depth)."""
    out = []
    stops = years = commas = quotes_closed = 0
    seen_in = seen_ed = False
    in_quote = False
    depth = 0
    for i, t in enumerate(tokens):
        out.append({"stops": min(stops, 6), "years": min(years, 2), "inq": int(in_quote),
                    "par": min(depth, 2), "cm": min(commas, 3), "qc": min(quotes_closed, 1),
                    "sin": int(seen_in), "sed": int(seen_ed)})
        w = t.text
        low = w.lower().rstrip(".")
        if w == "." or (w.endswith(".") and len(w) > 2 and not _is_initial(w)):
            stops += 1
            commas = 0
        elif w in ",;":
            commas += 1
        if re.fullmatch(r"(1[5-9]\d\d|20\d\d)[a-z]?", w):
            years += 1
        if low in IN_MARKERS and i > 0 and (w[0].isupper() or _next_is(tokens, i, ":")):
            seen_in = True
        if low in EDITOR_WORDS:
            seen_ed = True
        if w in OPEN_QUOTES and not in_quote and _next_attached(tokens, i):
            in_quote = True
        elif w in CLOSE_QUOTES and in_quote:
            in_quote = False
            quotes_closed += 1
        if w in "([":
            depth += 1
        elif w in ")]" and depth:
            depth -= 1
    return out


def _next_is(tokens: list[Token], i: int, text: str) -> bool:
    return i + 1 < len(tokens) and tokens[i + 1].text == text


def _next_attached(tokens: list[Token], i: int) -> bool:
    return i + 1 < len(tokens) and tokens[i + 1].start == tokens[i].end


def _chunks(tokens: list[Token], own: list[dict[str, object]]) -> list[list[str]]:
    """Features of the sentence-like chunk (split at full stops) each token sits in."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for i, t in enumerate(tokens):
        w = t.text
        if w in (".", "?", "!") or w.endswith(".") and len(w) > 2 and not _is_initial(w):
            bounds.append((start, i + 1))
            start = i + 1
    if start < len(tokens):
        bounds.append((start, len(tokens)))
    flags = []
    for a, b in bounds:
        o = own[a:b]
        f = {k for d in o for k in ("year", "pubw", "place", "cont", "init", "range", "volw", "pagew",
                                     "edw", "month", "url") if k in d}
        n = b - a
        f.add("len" + ("1" if n <= 3 else "4" if n <= 8 else "9" if n <= 15 else "16"))
        if o and o[0]["w"] in ("in", "en", "dans", "im"):
            f.add("startsin")
        if any("num" in d for d in o):
            f.add("num")
        f.add(_case_profile(o))
        if n <= 2 and o[0].get("cap") and len(str(o[0]["w"])) <= 5:
            f.add("abbr")
        if any(d.get("punct") in OPEN_QUOTES | CLOSE_QUOTES for d in o):
            f.add("quote")
        flags.append(f)
    out: list[list[str]] = []
    for k, (a, b) in enumerate(bounds):
        prev = flags[k - 1] if k else {"none"}
        nxt = flags[k + 1] if k + 1 < len(flags) else {"none"}
        common = [f"ck={min(k, 6)}", f"ckr={min(len(bounds) - 1 - k, 3)}"]
        # sorted: set order depends on PYTHONHASHSEED, and attribute order changes the model bytes
        common += [f"c:{x}" for x in sorted(flags[k])] + [f"cp:{x}" for x in sorted(prev)]
        common += [f"cn:{x}" for x in sorted(nxt)]
        for i in range(a, b):
            out.append(common + ([f"cpos={min(i - a, 3)}"] + (["clast"] if i == b - 1 else [])))
    return out


def _case_profile(own: list[dict[str, object]]) -> str:
    """"tc" title case, "sc" sentence case, "mc" mixed: capitalised share of longer words."""
    words = [d for d in own if len(str(d["w"])) > 3 and ("cap" in d or "low" in d)]
    if len(words) < 2:
        return "few"
    share = sum("cap" in d for d in words) / len(words)
    return "tc" if share >= 0.8 else "sc" if share <= 0.34 else "mc"


SEG_BREAKS = set(",;:)]”»\"")
SEG_OPEN = set("([“«")


def _segments(tokens: list[Token], own: list[dict[str, object]]) -> list[list[str]]:
    """Features of the comma/colon/bracket-delimited segment each token sits in."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for i, t in enumerate(tokens):
        w = t.text
        if w in SEG_OPEN and i > start:
            bounds.append((start, i))
            start = i
        elif w in SEG_BREAKS or w in (".", "?", "!") or (w.endswith(".") and len(w) > 2 and not _is_initial(w)):
            bounds.append((start, i + 1))
            start = i + 1
    if start < len(tokens):
        bounds.append((start, len(tokens)))
    out: list[list[str]] = []
    for k, (a, b) in enumerate(bounds):
        o = own[a:b]
        words = [d for d in o if "cap" in d or "low" in d]
        n = len(words)
        f = ["sg:n=" + ("0" if n == 0 else "1" if n == 1 else "2" if n == 2 else "3-5" if n <= 5
                        else "6-10" if n <= 10 else "11+"),
             "sg:end=" + (tokens[b - 1].text if not tokens[b - 1].text[0].isalnum() else "w"),
             "sg:k=" + str(min(k, 8))]
        if words:
            caps = sum("cap" in d for d in words) / n
            f.append("sg:case=" + ("tc" if caps >= 0.8 else "sc" if caps <= 0.34 else "mc"))
        if any("year" in d for d in o):
            f.append("sg:year")
        if any("num" in d or "range" in d for d in o):
            f.append("sg:num")
        if any("init" in d for d in o):
            f.append("sg:init")
        for key in ("pubw", "place", "cont", "edw", "pagew", "volw"):
            if any(key in d for d in o):
                f.append("sg:" + key)
        for i in range(a, b):
            out.append(f + (["sg:first"] if i == a else []))
    return out


def _global(tokens: list[Token], own: list[dict[str, object]]) -> list[list[str]]:
    """Where a token sits relative to years, page/volume cues and the end of the string."""
    n = len(tokens)
    year_at = [i for i, d in enumerate(own) if "year" in d]
    pages_at = [i for i, d in enumerate(own) if "pagew" in d or "range" in d]
    in_at = [i for i, t in enumerate(tokens) if t.text.lower().rstrip(":") in ("in", "en", "dans", "im")
             and i > 0 and t.text[:1].isupper() or t.text.lower() == "in:"]
    out = []
    for i in range(n):
        left = n - 1 - i
        f = ["toend=" + ("0" if left == 0 else "1" if left == 1 else "2" if left == 2 else "3-5" if left <= 5
                         else "6-10" if left <= 10 else "11-20" if left <= 20 else "21+")]
        prev_year = max((j for j in year_at if j < i), default=None)
        next_year = min((j for j in year_at if j > i), default=None)
        f.append("py=" + ("none" if prev_year is None else str(min(i - prev_year, 4))))
        f.append("ny=" + ("none" if next_year is None else str(min(next_year - i, 4))))
        f.append("npg=" + str(int(any(j > i for j in pages_at))))
        f.append("nin=" + str(int(any(j > i for j in in_at))))
        out.append(f)
    return out


def token_features(tokens: list[Token]) -> list[list[str]]:
    """crfsuite attribute strings for each token of one reference."""
    own = [_own(t.text) for t in tokens]
    ctx = _context_state(tokens)
    chunk = _chunks(tokens, own)
    seg = _segments(tokens, own)
    glob = _global(tokens, own)
    n = len(tokens)
    feats: list[list[str]] = []
    for i in range(n):
        f = [f"{k}={v}" for k, v in own[i].items()]
        f += [f"{k}={v}" for k, v in ctx[i].items()]
        f += chunk[i] + seg[i] + glob[i]
        rel = int(10 * i / max(n, 1))
        f.append(f"pos={rel}")
        if i == 0:
            f.append("BOS")
        if i == n - 1:
            f.append("EOS")
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < n:
                o = own[j]
                f.append(f"{d}:w={o['w']}")
                f.append(f"{d}:sh={o['sh']}")
                for key in ("year", "init", "punct", "cap", "pagew", "volw", "edw", "place", "pubw"):
                    if key in o:
                        f.append(f"{d}:{key}={o[key]}")
            else:
                f.append(f"{d}:none")
        if i > 0:
            f.append(f"bg={own[i - 1]['w']}|{own[i]['w']}")
            f.append(f"sb={own[i - 1]['sh']}|{own[i]['sh']}")
            if tokens[i - 1].end == tokens[i].start:
                f.append("nsb")
        if i + 1 < n:
            f.append(f"fg={own[i]['w']}|{own[i + 1]['w']}")
            if tokens[i + 1].start == tokens[i].end:
                f.append("nsa")
                if tokens[i + 1].text == "." and "cap" in own[i] and len(tokens[i].text) <= 6:
                    f.append("abbr")
        for d in (-3, 3):
            if 0 <= i + d < n:
                f.append(f"{d}:w={own[i + d]['w']}")
        feats.append(f)
    return feats
