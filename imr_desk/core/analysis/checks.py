"""Consistency checks on one analysed letter (`find_checks`): the ``checks`` of the letter JSON.

Each check compares what the letter says in two places and reports, with the spans of the
evidence, where they disagree. Codes, severities and what each means for an appeal are in
docs/checks.md:

- ``doi_mismatch`` (warn): the header's Date of Injury differs from an injury date the clinical
  summary or a rationale states;
- ``outcome_rationale_conflict`` (warn): a rationale concludes the opposite of its outcome;
- ``patient_conflict`` (warn): two different ages, birth dates or sexes for the worker;
- ``guideline_divergence`` (info; warn where MAXIMUS cites no evidence): the two sides rely
  on different bodies of guidelines;
- ``specialty_fit`` (info): the reviewer's specialties are unusual for the treatment.

The decisions' `category` and `citations` must be filled first (`analyse.analyse` does).
"""

from __future__ import annotations

import re

from imr_desk.core.analysis.specialty_fit import unusual_specialties
from imr_desk.core.analysis.stated_text import (
    NearPattern,
    clause_start,
    lowered_text,
    negated,
    reference_date,
    sentences,
    shown_date,
    stated_dates,
)
from imr_desk.core.findings import Check, Citation, Span
from imr_desk.core.model import Decision, Letter

WARN, INFO = "warn", "info"
HEADER_DOI = "header.date_of_injury"

# An injury date statement: "injury on", "date of injury of", "injured on", "DOI:" ... then a date.
_INJURY_CUE = re.compile(
    r"\b(?:(?:date\s+of\s+)?injur(?:y|ies)|(?:was|got|became)\s+injured|DOI"
    r"|(?:occupational|industrial|work(?:ers'?)?(?:\s+compensation)?)\s+claim)\b",
    re.IGNORECASE,
)
_CUE_TO_DATE = re.compile(
    r"[^.;]{0,45}?\b(?:on|of|dated?|date|occurr(?:ed|ing)|from|was|is)\s*:?\s*$|\s*:?\s*$", re.IGNORECASE
)
_OTHER_INJURY = re.compile(
    r"\b(?:prior|previous|earlier|another|second|subsequent|new|additional|old|remote|separate|non-?industrial)"
    r"\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_CUMULATIVE = re.compile(r"\b(?:cumulative|continuous|repetitive)\b[^.]{0,20}\btrauma\b", re.IGNORECASE)
# Words between an injury word and a date that make it the date of another event.
_EVENT = re.compile(
    r"\b(?:evaluat|seen|see|treat|examin|visit|report(?!ed(?:ly)?\s+(?:on|of|occurr))|note|x-?ray|mri|surgery"
    r"|underw|present|follow|progress|exam|therap|clinic|hospital|emergency|physician|provider|doctor|dr\b"
    r"|utilization|review|request|letter|form|rfa|claim\s+form|filed|start|began|until|since|after|before)",
    re.IGNORECASE,
)
# A sentence whose "medically necessary" states a rule, not the reviewer's conclusion: it opens
# with a guideline's words, or holds a condition.
_GUIDELINE_OPENING = re.compile(
    r"(?:the\s+)?(?:ca\s+)?(?:mtus|odg|acoem|guidelines?|official\s+disability)\b[^.]*?"
    r"\b(?:state|say|indicate|recommend|support|consider)s?\b",
    re.IGNORECASE,
)
_CONDITION = re.compile(r"\b(?:if|when|unless|until|provided\s+that|only\s+(?:if|when|for|in))\b", re.IGNORECASE)
_ABOUT_THE_REQUEST = re.compile(
    r"\b(?:request(?:ed)?|(?:this|the)\s+(?:treatment|medication|service|procedure|test|study|referral|device"
    r"|program))\b",
    re.IGNORECASE,
)
_NO_EVIDENCE = re.compile(r"\bdid\s+not\s+cite\s+any\s+(?:medical\s+)?evidence\b", re.IGNORECASE)
# A rationale that decides a service by another decision's outcome ("As the requested surgical
# intervention is not medically necessary, the requested ancillary service is not ...").
_FOLLOWS_ANOTHER = re.compile(
    r"\b(?:ancillary|associated|adjunct|concurrent)\s+(?:service|request|item|treatment)s?\b"
    r"|\b(?:as|since|because)\s+the\s+(?:requested\s+|primary\s+|associated\s+)*(?:surgery|surgical|procedure"
    r"|operation)\b",
    re.IGNORECASE,
)
# A sentence reporting another's determination ("The prior UR found it not medically necessary").
_SOMEONE_ELSES_VIEW = re.compile(
    r"\b(?:utilization\s+review|UR|prior\s+(?:determination|review(?:er)?)|previous(?:ly)?\s+(?:determin|review)"
    r"|claims\s+administrator|original\s+(?:determination|review(?:er)?)|non-?certifi|treating\s+(?:physician|provider)"
    r"|(?:the\s+)?provider\s+(?:stated|indicated|felt|believed))",
    re.IGNORECASE,
)
_CONCLUDING_OPENER = re.compile(
    r"(?:therefore|thus|hence|as\s+such|consequently|accordingly|in\s+conclusion|given\s+the\s+above)\b",
    re.IGNORECASE,
)
_NECESSITY = re.compile(
    r"\bmedically\s+(?:necessary|appropriate|indicated|reasonable)\b"
    r"|\b(?:is|was|are|were)\s+(?:not\s+)?(?:a\s+)?medical\s+necessity\b"
    r"|\bmedical\s+necessity\s+(?:has|have|is|was)\s+(?:not\s+)?(?:been\s+)?"
    r"(?:established|demonstrated|supported|substantiated|met)\b",
    re.IGNORECASE,
)
_CONCLUDING = re.compile(
    r"^(?:therefore|thus|hence|as\s+such|consequently|accordingly|in\s+conclusion|in\s+summary|given\s+the\s+above"
    r"|based\s+on)\b[^.]*\b(?:recommended|supported|indicated|warranted|certified|approved|appropriate)\b",
    re.IGNORECASE,
)
_CONCLUSION_WORD = re.compile(r"\b(?:recommended|supported|indicated|warranted|certified|approved|appropriate)\b",
                              re.IGNORECASE)
_AGE = re.compile(
    r"\b(\d{1,3})\s*-?\s*years?\s*-?\s*old\b(?=[\s-]+(?:(?:white|black|hispanic|asian|right|left)[\s-]+)?"
    r"(?:-?handed\s+)?(male|female|man|woman|gentleman|lady|patient|worker|injured|applicant|claimant"
    r"|individual|employee|person)\b)",
    re.IGNORECASE,
)
_SEX = re.compile(
    r"\b(?:years?\s*-?\s*old|is\s+an?|was\s+an?)[\s-]+(?:(?:white|black|hispanic|asian)\s+)?"
    r"(male|female|man|woman|gentleman|lady)\b",
    re.IGNORECASE,
)
_SOMEONE_ELSE = re.compile(
    r"\b(?:his|her|their|another|other|co-?workers?|colleague|supervisor|customer|student|passenger|driver"
    r"|at\s+the\s+time\s+of(?:\s+the)?\s+injury|then)[^\w.]+(?:\w+[^\w.]+){0,2}$",  # in the same sentence
    re.IGNORECASE,
)
# The patterns above, searched only near words they must contain (much faster on long text).
_INJURY_NEAR = NearPattern(_INJURY_CUE, re.compile(r"injur|doi|claim"), 30, 12)
_AGE_NEAR = NearPattern(_AGE, re.compile(r"old"), 24, 70)
_SEX_NEAR = NearPattern(_SEX, re.compile(r"male|man\b|woman|gentleman|lady"), 40, 12)
_SEX_WORDS = {"male": "male", "man": "male", "gentleman": "male", "female": "female", "woman": "female",
              "lady": "female"}
_PLURAL = {"age": "ages", "sex": "sexes", "birth date": "birth dates"}
_BIRTH = re.compile(
    r"\b(?:DOB|D\.O\.B\.?|date\s+of\s+birth|born(?:\s+on)?)\s*(?:(?:is|was|of)\s+)?:?\s*", re.IGNORECASE
)
_BIRTH_NEAR = NearPattern(_BIRTH, re.compile(r"dob|d\.o\.b|birth|born"), 12, 30)


def find_checks(letter: Letter) -> list[Check]:
    """Every consistency finding of `letter`, in the order of docs/checks.md."""
    found: list[Check] = []
    found.extend(doi_mismatch(letter))
    found.extend(outcome_rationale_conflict(letter))
    found.extend(patient_conflict(letter))
    found.extend(guideline_divergence(letter))
    found.extend(specialty_fit(letter))
    return found


def _places(letter: Letter) -> list[tuple[str, str, Span]]:
    """The summary and each rationale: (field key, how a message names it, span)."""
    places: list[tuple[str, str, Span]] = []
    if "case_summary" in letter.spans:
        places.append(("patient.date_of_injury", "the clinical summary", letter.spans["case_summary"]))
    for index, decision in enumerate(letter.decisions):
        if "rationale" in decision.spans:
            places.append((f"decisions[{index}].rationale", f"the rationale of decision {index + 1}",
                           decision.spans["rationale"]))
    return places


CUE_REACH = 60  # characters after an injury cue within which its date must start


def injury_dates(letter: Letter, start: int, end: int, lowered: str | None = None) -> list[tuple[str, int, int]]:
    """The dates ``text[start:end]`` states as the date of this injury (not a prior one);
    `lowered` is `lowered_text(letter.text)` where the caller has it."""
    text = letter.text
    reference = reference_date(letter)
    found: list[tuple[str, int, int]] = []
    for cue in _INJURY_NEAR.finditer(text, lowered or lowered_text(text), start, end):
        if _OTHER_INJURY.search(text, max(start, cue.start() - 40), cue.start()):
            continue
        # only the dates just after the cue matter: read those (a date is at most ~20 characters)
        window_end = min(end, cue.end() + CUE_REACH + 30)
        following = [d for d in stated_dates(text, cue.end(), window_end, reference) if d[1] <= cue.end() + CUE_REACH]
        if not following:
            continue
        first = following[0]
        if not _CUE_TO_DATE.fullmatch(text, cue.end(), first[1]) or _EVENT.search(text, cue.end(), first[1]):
            continue  # too far, or the date of something else ("injury ... was evaluated on")
        found.append(first)
        # a range ("from 1/1/2015 to 10/10/2016", cumulative trauma) states its other end too
        for other in following[1:]:
            if re.fullmatch(r"\s*(?:-|to|through|thru|until)\s*", text[first[2]:other[1]], re.IGNORECASE):
                found.append(other)
    return found


def doi_mismatch(letter: Letter) -> list[Check]:
    header_doi = letter.header.date_of_injury
    header_span = letter.spans.get(HEADER_DOI)
    if not header_doi:
        return []
    checks = []
    note = ""
    if _CUMULATIVE.search(letter.case_summary):
        note = " (A cumulative-trauma claim: its date of injury is the one Lab. Code § 5412 defines.)"
    lowered = lowered_text(letter.text)
    for key, where, (start, end) in _places(letter):
        stated = injury_dates(letter, start, end, lowered)
        if not stated or any(iso == header_doi for iso, _, _ in stated):
            continue  # nothing stated, or the header's date among them (a range, a restatement)
        words = ", ".join(dict.fromkeys(letter.text[s:e] for _, s, e in stated))
        shown = letter.text[header_span[0]:header_span[1]] if header_span else shown_date(header_doi)
        checks.append(Check(
            "doi_mismatch", WARN,
            f"The header gives {shown} as the date of injury; {where} says {words}.{note}",
            (HEADER_DOI, key),
            tuple(([header_span] if header_span else []) + [(s, e) for _, s, e in stated]),
        ))
    return checks


def rationale_conclusion(letter: Letter, decision: Decision) -> tuple[bool, Span] | None:
    """(concludes necessary?, span of the concluding clause) of a decision's rationale, from its
    last sentence that says "medically necessary" (or, where none does, a last sentence that
    concludes "Therefore ... recommended/supported"); None where it states no clear conclusion."""
    if "rationale" not in decision.spans:
        return None
    text = letter.text
    start, end = decision.spans["rationale"]
    spans = sentences(text, start, end)
    for s_start, s_end in reversed(spans):
        matches = list(_NECESSITY.finditer(text, s_start, s_end))
        rule = _GUIDELINE_OPENING.match(text, s_start) or _CONDITION.search(text, s_start, s_end)
        if not matches or (rule and not _ABOUT_THE_REQUEST.search(text, s_start, s_end)):
            continue  # no conclusion here, or a guideline's rule ("... is medically necessary when ...")
        if _SOMEONE_ELSES_VIEW.search(text, s_start, s_end) and not _CONCLUDING_OPENER.match(text, s_start):
            continue  # what UR or the treating physician found, not the reviewer's conclusion
        verdicts = set()
        for match in matches:
            verdicts.add(not negated(text, clause_start(text, s_start, match.start()), match.end()))
        if len(verdicts) != 1:
            return None  # "medically necessary for X but not for Y": no one conclusion
        last = matches[-1]
        return verdicts.pop(), (clause_start(text, s_start, last.start()), last.end())
    if spans:
        s_start, s_end = spans[-1]
        if _CONCLUDING.match(text[s_start:s_end]):
            word = list(_CONCLUSION_WORD.finditer(text, s_start, s_end))[-1]
            clause = clause_start(text, s_start, word.start())
            return not negated(text, clause, word.start()), (clause, word.end())
    return None


def outcome_rationale_conflict(letter: Letter) -> list[Check]:
    checks = []
    for index, decision in enumerate(letter.decisions):
        if decision.outcome not in ("upheld", "overturned"):
            continue
        conclusion = rationale_conclusion(letter, decision)
        if conclusion is None:
            continue
        necessary, (c_start, c_end) = conclusion
        if necessary == (decision.outcome == "overturned"):
            continue
        words = " ".join(letter.text[c_start:c_end].split())
        outcome = "Upheld (the denial stands)" if decision.outcome == "upheld" else "Overturned (treatment approved)"
        spans = [span for span in (decision.spans.get("outcome"),) if span] + [(c_start, c_end)]
        checks.append(Check(
            "outcome_rationale_conflict", WARN,
            f"Decision {index + 1} ({decision.request}) is {outcome}, but its rationale concludes "
            f"\u201c{words}\u201d.",
            (f"decisions[{index}].outcome", f"decisions[{index}].rationale"),
            tuple(spans),
        ))
    return checks


def _stated_patient(letter: Letter) -> list[tuple[str, str, Span]]:
    """(kind, value, span) of each age, sex and birth date the summary and rationales state."""
    text = letter.text
    reference = reference_date(letter)
    lowered = lowered_text(text)
    found: list[tuple[str, str, Span]] = []
    for _, _, (start, end) in _places(letter):
        for match in _AGE_NEAR.finditer(text, lowered, start, end):
            if _SOMEONE_ELSE.search(text, max(start, match.start() - 25), match.start()):
                continue  # "his 70-year-old mother", "a co-worker, a 40 year old male"
            found.append(("age", str(int(match.group(1))), match.span(1)))
        for match in _SEX_NEAR.finditer(text, lowered, start, end):
            if _SOMEONE_ELSE.search(text, max(start, match.start() - 30), match.start()):
                continue
            found.append(("sex", _SEX_WORDS[match.group(1).lower()], match.span(1)))
        for match in _BIRTH_NEAR.finditer(text, lowered, start, end):
            dates = stated_dates(text, match.end(), min(end, match.end() + 20), reference)
            if dates and dates[0][1] == match.end():
                found.append(("birth date", dates[0][0], (dates[0][1], dates[0][2])))
    return found


def patient_conflict(letter: Letter) -> list[Check]:
    checks = []
    stated = _stated_patient(letter)
    fields = {"age": ("patient.age",), "sex": ("patient.sex",), "birth date": ("case_summary",)}
    for kind in ("age", "sex", "birth date"):
        items = [(value, span) for k, value, span in stated if k == kind]
        values = list(dict.fromkeys(value for value, _ in items))
        if len(values) < 2:
            continue
        shown = " and ".join(
            "\u201c" + letter.text[span[0]:span[1]] + "\u201d"
            for value in values for span in [next(s for v, s in items if v == value)]
        )
        checks.append(Check(
            "patient_conflict", WARN,
            f"The letter states {len(values)} different {_PLURAL[kind]} for the injured worker: {shown}.",
            fields[kind],
            tuple(span for _, span in items),
        ))
    return checks


def _bodies(citations: tuple[Citation, ...]) -> set[str]:
    """The bodies (MTUS, Non-MTUS) a side relies on: its citations that address the request."""
    return {c.body for c in citations if not c.not_addressed}


def maximus_without_evidence(letter: Letter, index: int) -> str | None:
    """How decision `index`'s MAXIMUS line cites no evidence, or None where it cites some (or
    the parser could not read the line: a field warning on it, no finding)."""
    decision = letter.decisions[index]
    key = f"decisions[{index}].maximus_guideline"
    line = " ".join((decision.maximus_guideline or "").split())
    if not line:
        return None if any(w.field == key for w in letter.field_warnings) else "no guideline line"
    if _NO_EVIDENCE.search(line):
        return "no medical evidence (\u201cdid not cite any medical evidence\u201d)"
    maximus = decision.citations.maximus
    if maximus and not _bodies(maximus):
        return "only that it went outside the MTUS, naming no other guideline"
    return None


def guideline_divergence(letter: Letter) -> list[Check]:
    checks = []
    for index, decision in enumerate(letter.decisions):
        ca, maximus = decision.citations.claims_administrator, decision.citations.maximus
        key = f"decisions[{index}].maximus_guideline"
        span = decision.spans.get("maximus_guideline") or decision.spans.get("request")
        spans = tuple(s for s in (decision.spans.get("claims_administrator_guideline"), span) if s)
        missing = maximus_without_evidence(letter, index)
        if missing is not None:
            follows = _FOLLOWS_ANOTHER.search(decision.rationale)
            checks.append(Check(
                "guideline_divergence", INFO if follows else WARN,
                f"Decision {index + 1} ({decision.request}): MAXIMUS cites {missing}."
                + (" Its rationale rests on another decision (an associated or ancillary service)." if follows else ""),
                (key,), tuple(s for s in (span,) if s),
            ))
            continue
        ca_bodies, max_bodies = _bodies(ca), _bodies(maximus)
        if not ca_bodies or not max_bodies or ca_bodies & max_bodies:
            continue
        checks.append(Check(
            "guideline_divergence", INFO,
            f"Decision {index + 1} ({decision.request}): the claims administrator relied on "
            f"{' and '.join(sorted(ca_bodies))} guidelines, MAXIMUS only on {' and '.join(sorted(max_bodies))} ones.",
            (f"decisions[{index}].claims_administrator_guideline", key),
            spans,
        ))
    return checks


def specialty_fit(letter: Letter) -> list[Check]:
    checks = []
    span = letter.spans.get("reviewer.specialties")
    for index, decision in enumerate(letter.decisions):
        if decision.category is None:
            continue
        unusual = unusual_specialties(letter.reviewer.specialties, decision.category)
        if unusual is None:
            continue
        checks.append(Check(
            "specialty_fit", INFO,
            f"Decision {index + 1} ({decision.request}, {decision.category.label()}) was reviewed by "
            f"{', '.join(unusual)}, a specialty not usual for this kind of treatment (a lead to look into, "
            "not a ground of appeal by itself).",
            ("reviewer.specialties", f"decisions[{index}].request"),  # the request is what is categorised
            tuple(s for s in (span,) if s),
        ))
    return checks
