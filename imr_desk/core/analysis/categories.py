"""The treatment category of each decision, in the taxonomy of DWC's IMR decision search.

`categorize(decision)` reads the request (the treatment as the letter names it) and returns a
`core.findings.Category` spelled exactly as ``core/taxonomy.json`` (read by `core.taxonomy`),
or None when nothing in the decision names a treatment. Deterministic and offline: a lexicon
of drug names by class (`drug_lexicon`) and weighted words for services and equipment
(`treatment_lexicon`), loaded once on first use. Where the request is vague ("Retrospective
DOS 11/11/2016", "Outpatient right knee") the original request, then the guideline texts,
then the rationale's sentences about the request are read the same way.

Entries marked ``"use": false`` in the taxonomy are never returned; every entry the lexicons
name is checked against the taxonomy when they load (`LexiconError` otherwise).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from imr_desk.core import taxonomy
from imr_desk.core.analysis import drug_lexicon as drugs
from imr_desk.core.analysis import treatment_lexicon as words
from imr_desk.core.findings import Category
from imr_desk.core.model import Decision

Entry = tuple[str, str | None, str | None]

CONFIDENT_WEIGHT = 50  # a request matched only below this looks further (original request, guidelines …)
DRUG_WEIGHT = 70
DOSED_DRUG_WEIGHT = 90  # a drug name with a dose or a count outweighs any service word ("Voltaren XR 100mg")
CLASS_WORD_WEIGHT = 60
PHARMA_ONLY_WEIGHT = {"Topical Compounds": 93, "Viscosupplementation": 95, "Injection": 86}

_NON_TEXT = re.compile(r"[^a-z0-9%#/&\-]+")
_TOKEN = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_TYLENOL_CODEINE = re.compile(r"tylenol\s*(?:#|no\.?\s*)\s*[2-4]\b|tylenol\s+(?:w/|with)\s*codeine")
_TOPICAL_FORM = re.compile(
    r"(?<![a-z])(?:creams?|gels?|ointments?|lotions?|topical\w*|liniment|balm|roll-on|rub|foam|solution"
    r"|spray|patch\w*|transdermal|\d+(?:\.\d+)?\s?%)"
)
_SKIN_FORM = re.compile(
    r"(?<![a-z])(?:creams?|gels?|ointments?|lotions?|topical\w*|liniment|balm|roll-on|\d+(?:\.\d+)?\s?%)"
)
_COMPOUND = re.compile(r"(?<![a-z])(?:compound\w*|cream base|base cream|lipoderm|versapro|versabase|pluronic|pcca)")
_DOSE = re.compile(
    r"\d\s?(?:mg|mcg|ml|g|gm|grams?|%|iu|units?)(?![a-z])|#\s?\d|\d+/\d+|\b(?:tabs?|tablets?|caps?|capsules?)\b"
)
_ORAL = re.compile(
    r"\d\s?(?:mg|mcg)(?![a-z])|(?<![a-z])(?:tabs?|tablets?|caps?|capsules?|po|oral\w*|by mouth)(?![a-z])"
)
_TRAILING_DIGITS = re.compile(r"([a-z]{4,})\d[\d/.]*(?:mg|mcg)?")
_OCR_DIGITS = str.maketrans("015", "ols")
_INJECTED = re.compile(r"(?<![a-z])(?:inject\w*|shots?|im|intramuscular|iv|intravenous|infusions?)(?![a-z])")
_INJECTION_SITE = re.compile(
    r"(?<![a-z])(?:knees?|shoulders?|hips?|joints?|elbows?|wrists?|ankles?|spine|spinal|lumbar|cervical|thoracic"
    r"|back|neck|epidural|facet|trigger|blocks?|bursa\w*|tendon|intra-?articular|subacromial|sacroiliac|l\d|c\d"
    r"|fluoroscop\w*|guided|hands?|feet|foot|fingers?|thumb)(?![a-z])"
)
_STIM_SESSIONS = re.compile(r"(?<![a-z])(?:sessions?|visits?|treatments?|in-office|in office|times \d)(?![a-z])")
_STIM_DEVICE = re.compile(
    r"(?<![a-z])(?:tens|h-?wave|units?|devices?|stimulators?|rental|rent|purchase|trial|home|supplies|electrodes)(?![a-z])"
)
_GUIDELINE_BOILERPLATE = re.compile(
    r"the expert reviewer[^.]*?(?:decision on|cite any medical evidence[^.]*)|decision based on|non-mtus citation"
    r"|mtus|acoem|chronic pain medical treatment guidelines?|official disability guidelines|odg|page\(s\)"
    r"|guidelines?|practice guidelines|independent medical examinations and consultations|recommendations?",
)
_REQUEST_SENTENCE = re.compile(r"request|medically necessary|not necessary|certif|warranted|recommend", re.I)
# "the request for MRI of the lumbar spine is …", "the requested urine drug screen was …"
_REQUESTED_THING = re.compile(
    r"\brequest(?:ed|s)?\s+(?:for\s+|of\s+)?(?:an?\s+|the\s+|this\s+)?([^.;]{2,120}?)\s+"
    r"(?:is|are|was|were|cannot|can\s+not|would|will|has|have|does|do|remains?|not)\b",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<=[.;])\s+")


class LexiconError(RuntimeError):
    """A lexicon names an entry the taxonomy does not hold, or one marked not to be used."""


@dataclass(frozen=True)
class _Hit:
    weight: int
    start: int
    entry: Entry


@dataclass(frozen=True)
class _Lexicon:
    entries: dict[Entry, Category]
    drug_names: dict[str, str]  # name as written in lower case → drug class
    class_words: dict[str, str]
    fuzzy: dict[str, str]  # one-letter deletions of single-word names → the name
    longest_name: int
    rules: tuple[tuple[re.Pattern[str], Entry, int], ...]
    guideline_rules: tuple[tuple[re.Pattern[str], Entry, int], ...]
    strong_adjunct: re.Pattern[str]
    spine_context: re.Pattern[str]
    device_words: re.Pattern[str]


def _words_of(listing: str) -> list[str]:
    return [name.strip() for name in listing.replace("\n", " ").split(",") if name.strip()]


def _whole_word(source: str) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z0-9])(?:" + source + r")(?![a-z0-9])")


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _load_taxonomy() -> dict[Entry, Category]:
    return {(entry.category, entry.sub_category, entry.drug_class): entry for entry in taxonomy.assignable()}


@functools.cache
def _lexicon() -> _Lexicon:
    entries = _load_taxonomy()
    drug_names: dict[str, str] = {}
    for drug_class, listing in drugs.DRUG_NAMES.items():
        for name in _words_of(listing):
            drug_names[name] = drug_class
    class_words = {name: cls for cls, listing in drugs.CLASS_WORDS.items() for name in _words_of(listing)}
    needed: list[Entry] = [("Pharmaceuticals", None, cls) for cls in {*drug_names.values(), *class_words.values()}]
    needed += [(cat, sub, None) for _, (cat, sub), _ in words.TREATMENT_RULES]
    needed += [entry for _, entry, _ in words.GUIDELINE_RULES]
    missing = sorted(str(entry) for entry in needed if entry not in entries)
    if missing:
        raise LexiconError(f"taxonomy.json holds no usable entry for: {', '.join(missing)}")
    fuzzy: dict[str, str] = {}
    ambiguous: set[str] = set()
    for name in drug_names:
        if " " in name or len(name) < 6:
            continue
        for variant in _deletions(name) | {name}:
            if fuzzy.setdefault(variant, name) != name:
                ambiguous.add(variant)
    for variant in ambiguous:
        del fuzzy[variant]
    rules = tuple((_whole_word(src), (cat, sub, None), weight) for src, (cat, sub), weight in words.TREATMENT_RULES)
    return _Lexicon(
        entries=entries,
        drug_names=drug_names,
        class_words=class_words,
        fuzzy=fuzzy,
        longest_name=max(len(name.split()) for name in [*drug_names, *class_words]),
        rules=rules,
        guideline_rules=tuple((_whole_word(src), entry, weight) for src, entry, weight in words.GUIDELINE_RULES),
        strong_adjunct=_whole_word(words.STRONG_ADJUNCT),
        spine_context=_whole_word(words.SPINE_CONTEXT),
        device_words=_whole_word(words.DEVICE_WORDS),
    )


def normalise(text: str) -> str:
    """Lower case, punctuation reduced to spaces (``/ % # & -`` kept), "Tylenol #3" spelled out."""
    lowered = _TYLENOL_CODEINE.sub("tylenol with codeine", text.lower().replace("’", "'"))
    return " " + _NON_TEXT.sub(" ", lowered).strip() + " "


def _drug_mentions(lex: _Lexicon, text: str, fuzzy: bool) -> list[tuple[int, str, str]]:
    """Every drug name in `text` as (offset, name, class), longest name first at each place."""
    tokens = [(m.start(), m.group()) for m in _TOKEN.finditer(text)]
    found: list[tuple[int, str, str]] = []
    i = 0
    while i < len(tokens):
        matched = 0
        for size in range(min(lex.longest_name, len(tokens) - i), 0, -1):
            phrase = " ".join(tok for _, tok in tokens[i : i + size])
            drug_class = lex.drug_names.get(phrase) or lex.class_words.get(phrase)
            if drug_class is None and size == 1:
                drug_class, phrase = _single_token_class(lex, phrase, fuzzy)
            if drug_class is not None:
                found.append((tokens[i][0], phrase, drug_class))
                matched = size
                break
        i += max(matched, 1)
    return found


def _single_token_class(lex: _Lexicon, token: str, fuzzy: bool) -> tuple[str | None, str]:
    joined = token.replace("-", "")
    if joined in lex.drug_names:
        return lex.drug_names[joined], joined
    glued = _TRAILING_DIGITS.fullmatch(token)  # "norco10", a dose written onto the name
    if glued and glued.group(1) in lex.drug_names:
        return lex.drug_names[glued.group(1)], glued.group(1)
    if "-" in token:  # "hydrocodone-acetaminophen": the strongest of its parts
        parts = [part for part in token.split("-") if part in lex.drug_names]
        if parts:
            best = min(parts, key=lambda part: _precedence(lex.drug_names[part]))
            return lex.drug_names[best], best
    if fuzzy and len(token) >= 6:
        token = token.translate(_OCR_DIGITS)  # OCR's "Norc0", "F1exeril"
        if token in lex.drug_names:
            return lex.drug_names[token], token
        for variant in (token, *_deletions(token)):
            name = lex.fuzzy.get(variant)
            if name is not None:
                return lex.drug_names[name], name
    return None, token


def _precedence(drug_class: str) -> int:
    order = drugs.CLASS_PRECEDENCE
    return order.index(drug_class) if drug_class in order else len(order)


def _drug_hit(lex: _Lexicon, text: str, fuzzy: bool) -> _Hit | None:
    mentions = _drug_mentions(lex, text, fuzzy)
    if not mentions:
        return None
    start = mentions[0][0]
    classes = [cls for _, _, cls in mentions]
    names = {name for _, name, _ in mentions}
    topical_brand = any(
        cls == "Topical Analgesics" and name not in drugs.TOPICAL_INGREDIENTS for _, name, cls in mentions
    )
    if all(name in lex.class_words for name in names):  # "muscle relaxant", "compounded medication"
        return _pharma(min(classes, key=_precedence), start, CLASS_WORD_WEIGHT)
    injected = _INJECTED.search(text) is not None
    if injected and not PHARMA_ONLY_WEIGHT.keys() & set(classes):
        # an injected drug: a procedure where the letter names a site ("Kenalog injection right shoulder")
        site = _INJECTION_SITE.search(text) is not None
        return _pharma(min(classes, key=_precedence), start, DRUG_WEIGHT) if site else _pharma("Injection", start)
    if "Topical Compounds" in classes or _COMPOUND.search(text):
        return _pharma("Topical Compounds", start)
    if not topical_brand and _TOPICAL_FORM.search(text):
        systemic = [
            (name, cls)
            for _, name, cls in mentions
            if cls in drugs.COMPOUNDABLE and name not in drugs.TOPICAL_INGREDIENTS
        ]
        skin = _SKIN_FORM.search(text) is not None
        if any(skin or cls not in ("Opioids", "Antihypertensive") for _, cls in systemic):
            return _pharma("Topical Compounds", start)
        topical = [name for name in names if _is_topical_analgesic(lex, name)]
        if len(topical) >= 2 and len(names) >= 2 and skin:
            return _pharma("Topical Compounds", start)
        if topical:
            return _pharma("Topical Analgesics", start)
    if _several_agents(lex, mentions, text):
        return _pharma("Topical Compounds", start)
    chosen = min(classes, key=_precedence)
    return _pharma(chosen, start, DOSED_DRUG_WEIGHT if _DOSE.search(text) else None)


def _several_agents(lex: _Lexicon, mentions: list[tuple[int, str, str]], text: str) -> bool:
    """Generics of several classes written together with no oral dose: "Gabapentin/Ketoprofen/Lidocaine"."""
    agents = {(name, cls) for _, name, cls in mentions if cls in drugs.COMPOUNDABLE - {"Misc Analgesics"}}
    agents |= {(name, "Topical Analgesics") for _, name, _ in mentions if name in drugs.TOPICAL_INGREDIENTS}
    if len({cls for _, cls in agents}) < 2 or _ORAL.search(text):
        return False
    return len(agents) >= 3 or any(name in drugs.TOPICAL_INGREDIENTS for name, _ in agents)


def _is_topical_analgesic(lex: _Lexicon, name: str) -> bool:
    return name in drugs.TOPICAL_INGREDIENTS or lex.drug_names.get(name) == "Topical Analgesics"


def _pharma(drug_class: str, start: int, weight: int | None = None) -> _Hit:
    return _Hit(weight or PHARMA_ONLY_WEIGHT.get(drug_class, DRUG_WEIGHT), start, ("Pharmaceuticals", None, drug_class))


def _classify_text(text: str | None, guideline: bool = False, fuzzy: bool = True) -> _Hit | None:
    """The best-supported entry for one piece of text, with its weight; None when nothing matches.

    `guideline`: the text is a guideline citation, whose section names count as well; `fuzzy`:
    a misspelt drug name may be read (in a request, not in the reviewer's prose).
    """
    if not text or not text.strip():
        return None
    lex = _lexicon()
    norm = normalise(text)
    hits: list[_Hit] = []
    rules = lex.rules + lex.guideline_rules if guideline else lex.rules
    for pattern, entry, weight in rules:
        match = pattern.search(norm)
        if match is not None:
            if entry == (*words.ADJUNCT, None) and lex.strong_adjunct.search(norm):
                weight = words.STRONG_ADJUNCT_WEIGHT
            hits.append(_Hit(weight, match.start(), entry))
    drug = _drug_hit(lex, norm, fuzzy=False)
    best = max([*hits, drug] if drug else hits, key=lambda hit: (hit.weight, -hit.start), default=None)
    if fuzzy and (best is None or best.weight < CONFIDENT_WEIGHT):
        drug = _drug_hit(lex, norm, fuzzy=True)  # a misspelt drug name before a general word
        if drug is not None and (best is None or drug.weight > best.weight):
            best = drug
    return _refine(lex, norm, best) if best else None


def _refine(lex: _Lexicon, norm: str, hit: _Hit) -> _Hit:
    """Surgery on the spine is Spine surgery; a therapy modality bought or rented is equipment."""
    category, sub, _ = hit.entry
    if category == "Surgery" and sub in (None, "Non-arthroscopic Surgery") and lex.spine_context.search(norm):
        return _Hit(hit.weight, hit.start, (*words.SPINE, None))
    if (category, sub) == words.E_STIM and _STIM_SESSIONS.search(norm) and not _STIM_DEVICE.search(norm):
        return _Hit(hit.weight, hit.start, (*words.OTHER_THERAPY, None))  # "interferential therapy x 6 sessions"
    if (category, sub) == words.OTHER_THERAPY and lex.device_words.search(norm):
        stim = re.search(r"stim\w*|interferential", norm)
        return _Hit(hit.weight, hit.start, (*(words.E_STIM if stim else words.DME), None))
    return hit


def _category(entry: Entry) -> Category:
    return _lexicon().entries[entry]


def category_of_text(text: str) -> Category | None:
    """The category one request text names on its own (no secondary evidence), or None."""
    hit = _classify_text(text)
    return _category(hit.entry) if hit else None


def _secondary_texts(decision: Decision) -> list[tuple[str, bool]]:
    """The texts read after a vague request, in order, each with whether it is a guideline."""
    sentences = _SENTENCE_END.split(decision.rationale or "")
    texts = [(decision.original_request or "", False)]
    texts += [(found.group(1), False) for sentence in sentences for found in _REQUESTED_THING.finditer(sentence)]
    for guideline in (decision.maximus_guideline, decision.claims_administrator_guideline):
        if guideline:
            texts.append((_GUIDELINE_BOILERPLATE.sub(" ", guideline.lower()), True))
    texts += [(sentence, False) for sentence in sentences if _REQUEST_SENTENCE.search(sentence)]
    return texts


def categorize(decision: Decision) -> Category | None:
    """The decision's treatment category, or None when nothing in it names a treatment."""
    best = _classify_text(decision.request)
    if best is None or best.weight < CONFIDENT_WEIGHT:
        for number, (text, guideline) in enumerate(_secondary_texts(decision)):
            hit = _classify_text(text, guideline, fuzzy=number == 0)  # spelling guessed in the request only
            if hit is not None and hit.weight >= CONFIDENT_WEIGHT:
                return _category(hit.entry)
    return _category(best.entry) if best else None


def lexicon_sizes() -> dict[str, int]:
    """How many names and rules the lexicons hold (for reports)."""
    lex = _lexicon()
    return {
        "drug names": len(lex.drug_names),
        "drug classes named": len(set(lex.drug_names.values())),
        "class words": len(lex.class_words),
        "treatment rules": len(lex.rules),
        "treatment words": sum(src.count("|") + 1 for src, _, _ in words.TREATMENT_RULES),
    }


def covered_by_lexicon(text: str) -> bool:
    """Whether `text` alone gives a confident category (else the decision's other texts decide)."""
    hit = _classify_text(text)
    return hit is not None and hit.weight >= CONFIDENT_WEIGHT
