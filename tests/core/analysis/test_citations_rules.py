"""The rules of ``shared/spec/citations.md`` on invented guideline lines (none is a corpus letter).

Other chapter numbers, parts, topics, editions, page forms, missing parts and odd spacing
than the corpus shows, each asserting the rule it exercises.
"""

from __future__ import annotations

from imr_desk.core.analysis.citations import decision_citations, parse_citations
from imr_desk.core.findings import Citation
from imr_desk.core.model import Decision

ODG = "Official Disability Guidelines (ODG)"
CPMTG = "Chronic Pain Medical Treatment Guidelines"


def only(line: str) -> Citation:
    citations = parse_citations(line)
    assert len(citations) == 1, citations
    return citations[0]


def non_mtus(line: str) -> tuple[Citation, ...]:
    return parse_citations(f"Decision based on Non-MTUS Citation {line}")


# --- B: the whole line -------------------------------------------------------------------------


def test_nothing_cited_gives_no_citation() -> None:
    assert parse_citations(None) == ()
    assert parse_citations("") == ()
    assert parse_citations("  \n ") == ()
    assert parse_citations("The Expert Reviewer did not cite any medical evidence for its decision.") == ()
    assert parse_citations("The Claims Administrator did not cite any\nmedical evidence for its decision.") == ()


def test_white_space_is_collapsed_before_reading() -> None:
    citation = only("Decision based on MTUS Knee\n Complaints   2004,  Section(s):\n Special   Studies. ")
    assert (citation.title, citation.year, citation.topic) == ("Knee Complaints", "2004", "Special Studies")
    assert citation.text == "Knee Complaints 2004, Section(s): Special Studies"


def test_outside_the_mtus_alone_gives_the_not_addressed_entry() -> None:
    sentence = "The Expert Reviewer based their decision on recommendation(s) outside of the MTUS Guidelines."
    citation = only(sentence)
    assert citation == Citation(body="MTUS", text=sentence, not_addressed=True)
    assert citation.to_json()["not_addressed"] is True


def test_mtus_part_then_non_mtus_part_in_the_letters_order() -> None:
    citations = parse_citations(
        "Decision based on MTUS Elbow Complaints 2007, Section(s): Surgical Considerations. "
        "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Elbow, Surgery for epicondylitis."
    )
    assert [(c.body, c.guideline, c.title) for c in citations] == [
        ("MTUS", "ACOEM", "Elbow Complaints"),
        ("Non-MTUS", ODG, "Elbow"),
    ]
    assert citations[1].topic == "Surgery for epicondylitis"


# --- C: the MTUS part --------------------------------------------------------------------------


def test_older_acoem_chapter_with_pages() -> None:
    citation = only("Decision based on MTUS ACOEM Chapter 3 Initial Approaches to Treatment Page(s): 47, 48.")
    assert (citation.guideline, citation.chapter, citation.title) == ("ACOEM", 3, "Initial Approaches to Treatment")
    assert (citation.pages, citation.year, citation.topic, citation.sections) == ("47, 48", None, None, ())
    assert citation.text == "ACOEM Chapter 3 Initial Approaches to Treatment Page(s): 47, 48"


def test_older_acoem_chapter_without_pages() -> None:
    citation = only("Decision based on MTUS ACOEM Chapter 13 Knee Complaints.")
    assert (citation.chapter, citation.title, citation.pages) == (13, "Knee Complaints", None)


def test_older_chronic_pain_guidelines_topic_and_pages_as_written() -> None:
    citation = only("Decision based on MTUS Chronic Pain Treatment Guidelines Acupuncture Page(s): 8,9.")
    assert (citation.guideline, citation.topic, citation.pages) == (CPMTG, "Acupuncture", "8,9")
    assert citation.sections == ("Acupuncture",)
    assert (citation.chapter, citation.title, citation.year) == (None, None, None)


def test_older_components_joined_by_and() -> None:
    citations = parse_citations(
        "Decision based on MTUS ACOEM Chapter 11 Forearm, Wrist, and Hand Complaints Page(s): 268-269, "
        "and Chronic Pain Treatment Guidelines Page(s): 98-99."
    )
    assert [(c.guideline, c.chapter, c.pages) for c in citations] == [("ACOEM", 11, "268-269"), (CPMTG, None, "98-99")]
    assert citations[0].title == "Forearm, Wrist, and Hand Complaints"


def test_current_parts_map_to_their_guidelines() -> None:
    line = (
        "Decision based on MTUS Postsurgical Treatment 2009, Section(s): Shoulder, and Stress-Related Conditions "
        "2004, and Acupuncture Treatment 2007, and Eye 2004."
    )
    citations = parse_citations(line)
    assert [(c.guideline, c.title, c.year) for c in citations] == [
        ("Postsurgical Treatment Guidelines", None, "2009"),
        ("ACOEM", "Stress-Related Conditions", "2004"),
        ("Acupuncture Medical Treatment Guidelines", None, "2007"),
        ("ACOEM", "Eye", "2004"),
    ]
    assert citations[0].topic == "Shoulder"
    assert citations[1].text == "Stress-Related Conditions 2004"


def test_year_followed_by_guidelines() -> None:
    citation = only("Decision based on MTUS Chronic Pain Medical Treatment 2009 Guidelines, Section(s): Biofeedback.")
    assert (citation.guideline, citation.year, citation.topic) == (CPMTG, "2009", "Biofeedback")


def test_opioid_sections_split_only_before_a_section_number() -> None:
    citation = only(
        "Decision based on MTUS Opioid Treatment 2016, Section(s): 2. Opioids for Subacute Pain, "
        "4.1 Tapering Opioids: Indications for Tapering Opioids, Weaning, Tapering, 1.1 Opioids for Acute Pain."
    )
    assert citation.guideline == "Opioids"
    assert citation.sections == (
        "2. Opioids for Subacute Pain",
        "4.1 Tapering Opioids: Indications for Tapering Opioids, Weaning, Tapering",
        "1.1 Opioids for Acute Pain",
    )


def test_mtus_headings_with_a_comma_are_joined_again() -> None:
    citation = only(
        "Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): CRPS, sympathetic and epidural "
        "blocks, Opioids, dosing, Spinal cord stimulators (SCS), Lidoderm (lidocaine patch)."
    )
    assert citation.sections == (
        "CRPS, sympathetic and epidural blocks",
        "Opioids, dosing",
        "Spinal cord stimulators (SCS)",
        "Lidoderm (lidocaine patch)",
    )


def test_commas_inside_brackets_do_not_split_sections() -> None:
    citation = only(
        "Decision based on MTUS Low Back Complaints 2004, Section(s): "
        "Physical Methods (heat, cold), Summary"
    )
    assert citation.sections == ("Physical Methods (heat, cold)", "Summary")


def test_section_names_are_kept_as_written_typos_included() -> None:
    citation = only("Decision based on MTUS Shoulder Complaints 2004, Section(s): Speical Studies, Initial care.")
    assert citation.sections == ("Speical Studies", "Initial care")


# --- D: the Non-MTUS part ----------------------------------------------------------------------


def test_non_mtus_lead_words_in_their_spellings() -> None:
    for lead in ("Non-MTUS Citation", "Non- MTUS Citation", "Non-MTUS"):
        citation = only(f"Decision based on {lead} Official Disability Guidelines (ODG), Elbow.")
        assert (citation.guideline, citation.title) == (ODG, "Elbow")
        assert citation.text == "Official Disability Guidelines (ODG), Elbow."


def test_every_spelling_of_odg_is_one_guideline() -> None:
    for name in ("Official Disability Guidelines", "Official Disability Guidelines (ODG)", "ODG", "ODG Guidelines"):
        (citation,) = non_mtus(f"{name}, Shoulder, Arthroscopic surgery.")
        assert (citation.guideline, citation.title, citation.topic) == (ODG, "Shoulder", "Arthroscopic surgery")
        assert citation.year is None


def test_odg_chapter_description_stays_with_the_chapter() -> None:
    (citation,) = non_mtus("Official Disability Guidelines (ODG) Ankle & Foot (Acute & Chronic), Orthotic devices.")
    assert (citation.title, citation.topic, citation.sections) == (
        "Ankle & Foot (Acute & Chronic)", "Orthotic devices", ("Orthotic devices",)
    )  # fmt: skip


def test_odg_edition_in_brackets_and_chapter_label_dropped() -> None:
    (citation,) = non_mtus(
        "Official Disability Guidelines (ODG), Elbow (updated "
        "01/05/17) chapter: Splinting (padding)"
    )
    assert (citation.title, citation.edition, citation.topic) == ("Elbow", "updated 01/05/17", "Splinting (padding)")


def test_odg_leading_edition_qualifiers() -> None:
    (citation,) = non_mtus(
        "Official Disability Guidelines, 2017, Web Version, Pain "
        "(Chronic), Opioids for chronic pain"
    )
    assert (citation.edition, citation.title, citation.topic) == (
        "2017, Web Version", "Pain (Chronic)", "Opioids for chronic pain"
    )  # fmt: skip


def test_odg_topic_edition_year_in_brackets() -> None:
    (citation,) = non_mtus("ODG, Hip & Pelvis: Arthroplasty (2017).")
    assert (citation.title, citation.topic, citation.edition) == ("Hip & Pelvis", "Arthroplasty", "2017")


def test_odg_topic_in_brackets_after_the_chapter() -> None:
    (citation,) = non_mtus("Official Disability Guidelines (ODG) Knee (Hyaluronic acid injections).")
    assert (citation.title, citation.topic) == ("Knee", "Hyaluronic acid injections")


def test_one_citation_per_odg_chapter_between_semicolons() -> None:
    citations = non_mtus("ODG Guidelines, Knee and Leg, Knee joint replacement; Hip and Pelvis, Arthroplasty.")
    assert [(c.title, c.topic) for c in citations] == [
        ("Knee and Leg", "Knee joint replacement"),
        ("Hip and Pelvis", "Arthroplasty"),
    ]
    whole = "ODG Guidelines, Knee and Leg, Knee joint replacement; Hip and Pelvis, Arthroplasty."
    assert {c.text for c in citations} == {whole}


def test_semicolon_inside_a_topic_splits_its_sections() -> None:
    (citation,) = non_mtus("Official Disability Guidelines, Low Back, Computed Tomography (CT); X-Ray.")
    assert citation.topic == "Computed Tomography (CT); X-Ray"
    assert citation.sections == ("Computed Tomography (CT)", "X-Ray")


def test_one_topic_after_two_chapters_goes_to_both() -> None:
    citations = non_mtus("Official Disability Guidelines, Shoulder, Elbow, Manipulation.")
    assert [(c.title, c.topic) for c in citations] == [("Shoulder", "Manipulation"), ("Elbow", "Manipulation")]


def test_a_guideline_named_again_starts_a_new_citation() -> None:
    citations = non_mtus(
        "Official Disability Guidelines (ODG) Knee & Leg, X-rays and ODG "
        "Knee & Leg, Venous thrombosis"
    )
    assert [(c.title, c.topic) for c in citations] == [("Knee & Leg", "X-rays"), ("Knee & Leg", "Venous thrombosis")]


def test_other_medical_treatment_guidelines_link_a_further_reference() -> None:
    citations = non_mtus("ODG Shoulder, Manipulation and Other Medical Treatment Guidelines www.example-guides.org.")
    assert [c.guideline for c in citations] == [ODG, "www.example-guides.org"]
    assert citations[1].topic is None


def test_each_url_of_a_list_is_a_citation_and_a_stray_space_is_kept() -> None:
    citations = non_mtus("https://example.org/care-at- home, http://www.example.com/rehab.")
    assert [c.guideline for c in citations] == ["https://example.org/care-at- home", "http://www.example.com/rehab"]


def test_acoem_outside_the_mtus_with_chapter_and_page_forms() -> None:
    for pages_written, pages in (("pg. 303", "303"), ("page 303-305", "303-305"), ("p. 12", "12")):
        (citation,) = non_mtus(f"ACOEM Guidelines, Chapter 12, Low Back Disorders, {pages_written}.")
        assert (citation.guideline, citation.chapter, citation.title, citation.pages) == (
            "ACOEM", 12, "Low Back Disorders", pages
        )  # fmt: skip
        assert citation.year is None


def test_acoem_third_edition_part_and_long_name() -> None:
    (citation,) = non_mtus("ACOEM: Occupational Medicine Practice Guidelines, 3rd ed., Knee Disorders, pg. 12.")
    assert (citation.guideline, citation.title, citation.pages) == ("ACOEM", "Knee Disorders", "12")
    assert citation.edition == "Occupational Medicine Practice Guidelines, 3rd ed."
    (long_name,) = non_mtus("American College of Occupational and Environmental Medicine (ACOEM), Chapter 6, Pain.")
    assert (long_name.guideline, long_name.chapter, long_name.title) == ("ACOEM", 6, "Pain")


def test_literature_references_split_before_their_authors() -> None:
    citations = non_mtus(
        "Lumbar fusion outcomes. Example Spine Society. http://spine.example.org/fusion, accessed 03/01/2017, "
        "Smith J, Doe A, et al. Knee braces today: a review. Topic 12, version 3.0. UpToDate, accessed 03/02/2017."
    )
    assert [(c.guideline, c.title, c.edition) for c in citations] == [
        ("Example Spine Society", "Lumbar fusion outcomes", "http://spine.example.org/fusion, accessed 03/01/2017"),
        ("UpToDate", "Knee braces today: a review", "Topic 12, version 3.0, accessed 03/02/2017"),
    ]


def test_odg_written_topic_first() -> None:
    (citation,) = non_mtus("Official Disability Guidelines (ODG) X-ray knee.")
    assert (citation.title, citation.topic) == ("knee", "X-ray")
    (preface,) = non_mtus("ODG Chiropractic care/Preface.")
    assert (preface.title, preface.topic) == ("Preface", "Chiropractic care")


def test_a_topic_without_a_chapter_has_no_title() -> None:
    (citation,) = non_mtus("Official Disability Guidelines (ODG), Occupational Therapy Guidelines.")
    assert (citation.title, citation.topic) == (None, "Occupational Therapy Guidelines")
    (knee,) = non_mtus("Official Disability Guidelines (ODG) Knee joint replacement.")
    assert (knee.title, knee.topic) == (None, "Knee joint replacement")


def test_plain_odg_chapter_without_a_named_guideline() -> None:
    (citation,) = non_mtus("Low Back Chapter, Lumbar supports.")
    assert (citation.guideline, citation.title, citation.topic) == (ODG, "Low Back", "Lumbar supports")


def test_guideline_alone() -> None:
    (citation,) = non_mtus("ODG.")
    assert citation == Citation(body="Non-MTUS", guideline=ODG, text="ODG.")


def test_label_words_and_procedures() -> None:
    (topic_label,) = non_mtus(
        "Official Disability Guidelines (ODG) Pain Chapter - "
        "Functional restoration programs Topic"
    )
    assert (topic_label.title, topic_label.topic) == ("Pain", "Functional restoration programs")
    (procedures,) = non_mtus("Official Disability Guidelines - Knee Procedures.")
    assert (procedures.title, procedures.edition, procedures.topic) == ("Knee", "Procedures", None)


def test_topic_sections_split_only_into_whole_headings() -> None:
    cases = {
        "Indications for imaging, X-rays": ("Indications for imaging, X-rays",),
        "Epidural steroid injections (ESIs), therapeutic": ("Epidural steroid injections (ESIs), therapeutic",),
        "Massage Therapy and Manual Therapy": ("Massage Therapy", "Manual Therapy"),
        "Arthroscopy, Meniscectomy": ("Arthroscopy", "Meniscectomy"),
        "Cold/heat packs": ("Cold/heat packs",),
        "Durable medical equipment: Criteria for knee braces": ("Durable medical equipment: Criteria for knee braces",),
    }
    for topic, sections in cases.items():
        (citation,) = non_mtus(f"Official Disability Guidelines (ODG) Knee & Leg, {topic}.")
        assert citation.topic == topic
        assert citation.sections == sections, topic


def test_decision_citations_reads_both_sides() -> None:
    decision = Decision(
        request="Knee brace",
        outcome="upheld",
        claims_administrator_guideline="The Claims Administrator did not cite any medical evidence for its decision.",
        maximus_guideline="Decision based on MTUS Knee Complaints 2004, Section(s): Initial Care.",
    )
    found = decision_citations(decision)
    assert found.claims_administrator == ()
    assert [(c.title, c.topic) for c in found.maximus] == [("Knee Complaints", "Initial Care")]
    empty = decision_citations(Decision(request="x", outcome=None))
    assert empty.to_json() == {"claims_administrator": [], "maximus": []}


def test_guidelines_written_between_the_part_and_its_year() -> None:
    citation = only(
        "Decision based on MTUS Chronic Pain Medical Treatment Guidelines 2016, Section(s): Opioids, criteria for use."
    )
    assert (citation.guideline, citation.year, citation.topic) == (CPMTG, "2016", "Opioids, criteria for use")
    assert citation.sections == ("Opioids, criteria for use",)


def test_a_list_of_sections_ending_in_and() -> None:
    citation = only("Decision based on MTUS Low Back Complaints 2004, Section(s): Initial Care, Red Flags, and Summary")
    assert citation.topic == "Initial Care, Red Flags, and Summary"
    assert citation.sections == ("Initial Care", "Red Flags", "Summary")


def test_literature_reference_that_names_its_publisher_first() -> None:
    (citation,) = non_mtus("Medscape. Knee bracing. http://reference.example.com/knee, accessed 01/01/2017.")
    assert (citation.guideline, citation.title) == ("Medscape", "Knee bracing")
    assert citation.edition == "http://reference.example.com/knee, accessed 01/01/2017"


def test_odg_then_acoem_after_a_semicolon() -> None:
    citations = non_mtus(
        "ODG Shoulder Chapter, Surgery for impingement syndrome; and ACOEM Guidelines, Chapter 9, page 211"
    )
    assert [(c.guideline, c.chapter, c.title, c.topic, c.pages) for c in citations] == [
        (ODG, None, "Shoulder", "Surgery for impingement syndrome", None),
        ("ACOEM", 9, None, None, "211"),
    ]


def test_very_long_damaged_lines_are_read_whole() -> None:
    """A line thousands of references long (a damaged letter) is read without running out of stack."""
    chapters = non_mtus("ODG " + "Knee & Leg, " * 3000 + "Manipulation.")
    assert len(chapters) == 3000
    assert {(c.title, c.topic) for c in chapters} == {("Knee & Leg", "Manipulation")}
    authors = non_mtus("Smith J, " * 3000 + "et al. A review. Example Press.")
    assert authors[-1].title == "A review"


def test_odg_publication_qualifiers_before_the_chapter_are_the_edition() -> None:
    (citation,) = non_mtus(
        "The Official Disability Guidelines, Treatment Index, 15th Edition (web), 2017, Knee, Braces"
    )
    assert (citation.guideline, citation.title, citation.topic) == (ODG, "Knee", "Braces")
    assert citation.edition == "Treatment Index, 15th Edition (web), 2017"


def test_odg_chapter_and_topic_labels_and_an_update_after_the_chapter() -> None:
    (labelled,) = non_mtus("ODG, Chapter: Elbow, Topic: Tennis elbow band.")
    assert (labelled.title, labelled.topic) == ("Elbow", "Tennis elbow band")
    (updated,) = non_mtus("ODG, Shoulder (Acute & Chronic), updated 02/03/2017, Arthrography.")
    assert (updated.title, updated.edition) == ("Shoulder (Acute & Chronic)", "updated 02/03/2017")
    assert updated.topic == "Arthrography"


def test_a_topic_that_begins_with_a_chapter_word_is_not_a_second_chapter() -> None:
    citations = non_mtus("ODG, Low Back Chapter, Lumbar supports and ODG, Knee Chapter, Knee brace; Knee Sleeve.")
    assert [(c.title, c.topic, c.sections) for c in citations] == [
        ("Low Back", "Lumbar supports", ("Lumbar supports",)),
        ("Knee", "Knee brace; Knee Sleeve", ("Knee brace", "Knee Sleeve")),
    ]


def test_other_publishers_named_before_their_document() -> None:
    (colorado,) = non_mtus(
        "Example State Division of Workers' Compensation, Medical Treatment Guidelines, Shoulder Injury"
    )
    assert (colorado.guideline, colorado.title, colorado.topic) == (
        "Example State Division of Workers' Compensation", "Medical Treatment Guidelines", "Shoulder Injury"
    )  # fmt: skip
    (site,) = non_mtus("Drugs.com, Pregabalin.")
    assert (site.guideline, site.title, site.topic) == ("Drugs.com", "Pregabalin", None)


def test_a_second_non_mtus_sentence_and_a_part_that_cites_nothing() -> None:
    citations = non_mtus("ODG, Elbow. Decision based on Non-MTUS Citation ACOEM Guidelines, Chapter 6, page 115.")
    assert [(c.guideline, c.title, c.chapter, c.pages) for c in citations] == [
        (ODG, "Elbow", None, None),
        ("ACOEM", None, 6, "115"),
    ]
    assert non_mtus("None.") == ()
    eye_only = parse_citations("Decision based on MTUS Eye 2004. Decision based on Non-MTUS N/A")
    assert [c.title for c in eye_only] == ["Eye"]


def test_a_second_mtus_sentence() -> None:
    citations = parse_citations(
        "Decision based on MTUS Knee Complaints 2004. Decision based on MTUS Chronic Pain Medical Treatment 2016."
    )
    assert [(c.guideline, c.title, c.year, c.text) for c in citations] == [
        ("ACOEM", "Knee Complaints", "2004", "Knee Complaints 2004"),
        (CPMTG, None, "2016", "Chronic Pain Medical Treatment 2016"),
    ]


def test_chapters_joined_by_and_share_the_topic_written_once() -> None:
    citations = non_mtus("Official Disability Guidelines (ODG) Low Back and Neck chapters, Manipulation.")
    assert [(c.title, c.topic) for c in citations] == [("Low Back", "Manipulation"), ("Neck", "Manipulation")]
    chapters = non_mtus("ODG Neck and Upper Back, Hip and Pelvis and Knee chapters.")
    assert [c.title for c in chapters] == ["Neck and Upper Back", "Hip and Pelvis", "Knee"]
    assert {c.topic for c in chapters} == {None}
    (topic,) = non_mtus("ODG Knee and joint replacement.")
    assert (topic.title, topic.topic) == (None, "Knee and joint replacement")
