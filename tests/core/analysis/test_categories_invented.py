"""Treatment categories of invented request strings (none from the corpus), table-driven.

Covers every usable taxonomy entry the lexicons can reach, brand and generic drug names,
letter artefacts (dosages, quantities, abbreviations, capitals, a misspelling) and requests
that name no treatment at all.
"""

from __future__ import annotations

import pytest

from imr_desk.core.analysis.categories import categorize, category_of_text
from imr_desk.core.findings import Category
from imr_desk.core.model import Decision

P = "Pharmaceuticals"
IMG = ("Diagnostic Testing", "Imaging / Radiology")
EMG = ("Diagnostic Testing", "EMG/NCV/NCS")
LAB = ("Diagnostic Testing", "Lab & Pathology")
OTHER_TEST = ("Diagnostic Testing", "Other Diagnostic Tests")
PT = ("Rehabilitation", "Physical Therapy/Occupational Therapy (PT/OT)")
OTHER_THERAPY = ("Rehabilitation", "Other Therapies")

CASES: list[tuple[str, tuple[str, str | None] | str]] = [
    # Pharmaceuticals: (request, drug class)
    ("Hydrocodone/APAP 10/325mg #120", "Opioids"),
    ("Percocet 5/325 mg one tab q6h prn #90", "Opioids"),
    ("OxyContin 40mg ER #60", "Opioids"),
    ("Nucynta ER 100mg #60", "Opioids"),
    ("Butrans patch 10mcg/hr #4", "Opioids"),
    ("Fentanyl 25mcg patch x 10", "Opioids"),
    ("Tylenol #3 #60", "Opioids"),
    ("Suboxone 8/2mg film #30", "Opioids"),
    ("F1exeril 10mg #30", "Muscle Relaxant"),  # OCR's digit for a letter
    ("Neurotin 300mg", "Anti-epilepsy drugs"),  # misspelt
    ("Hormone replacement therapy", "Hormones"),
    ("Nucynta extended release", "Opioids"),
    ("Norco 10/325 mg #60 with 2 refils", "Opioids"),
    ("Narcan nasal spray 4mg #2", "Opoid Antagonist"),
    ("Naproxen sodium 550mg #60", "NSAID"),
    ("Mobic 15 mg daily #30", "NSAID"),
    ("Anaprox DS 550mg", "NSAID"),
    ("Duexis 800/26.6mg #90", "NSAID"),
    ("Soma 350mg #30", "Muscle Relaxant"),
    ("Tizanidine 4mg #90", "Muscle Relaxant"),
    ("Robaxin 750 mg #60", "Muscle Relaxant"),
    ("Skelaxin 800mg", "Muscle Relaxant"),
    ("Lyrica 75mg #60", "Anti-epilepsy drugs"),
    ("Neurontin 600 mg three times daily", "Anti-epilepsy drugs"),
    ("Topiramate 25mg #60", "Anti-epilepsy drugs"),
    ("Cymbalta 60mg #30", "Antidepressant"),
    ("Amitriptyline 25mg QHS #30", "Antidepressant"),
    ("Trazodone 50mg #30", "Antidepressant"),
    ("Ambien 10mg #30", "Sedative-hypnotics"),
    ("Lunesta 3 mg #30", "Sedative-hypnotics"),
    ("Xanax 0.5mg #60", "Benzodiazepines"),
    ("Klonopin 1mg", "Benzodiazepines"),
    ("Buspirone 10mg #60", "AntiAnxiety"),
    ("Omeprazole DR 20mg #60", "Proton Pump Inhibitors"),
    ("Nexium 40mg #30", "Proton Pump Inhibitors"),
    ("Ranitidine 150mg #60", "H2 Blocker"),
    ("Pepcid 20 mg", "H2 Blocker"),
    ("Colace 100mg #60", "GI Agents"),
    ("Senokot-S #60", "GI Agents"),
    ("Zofran ODT 8mg #10", "Antiemetic"),
    ("Lidoderm 5% patches #30", "Topical Analgesics"),
    ("Voltaren gel 1% 100g tube", "Topical Analgesics"),
    ("Flector patch 1.3% #60", "Topical Analgesics"),
    ("Lidocaine 5% ointment", "Topical Analgesics"),
    ("Terocin lotion 120ml", "Topical Analgesics"),
    ("Gabapentin 10% cream 180gm", "Topical Compounds"),
    ("Flurbiprofen/Cyclobenzaprine/Lidocaine cream 240g", "Topical Compounds"),
    ("Compounded topical: Ketamine 10%, Amitriptyline 2%", "Topical Compounds"),
    ("Tramadol 8% in Lipoderm base", "Topical Compounds"),
    ("Tylenol Extra Strength 500mg", "Misc Analgesics"),
    ("Fiorinal #30", "Barbiturates"),
    ("Medrol Dosepak", "Adrenal Cortical Steroids"),
    ("Prednisone 10mg taper", "Adrenal Cortical Steroids"),
    ("AndroGel 1.62% pump", "Androgens & Anabolic Steroids"),
    ("Flomax 0.4mg #30", "Alpha-blocker"),
    ("Xarelto 20mg #30", "Anti-coagulant"),
    ("Metformin 500mg bid", "Antidiabetics"),
    ("Lisinopril 10mg #30", "Antihypertensive"),
    ("Metoprolol tartrate 25mg", "Beta-blocker"),
    ("Amlodipine 5mg #30", "Calcium Cannel Blocker"),
    ("Keflex 500mg #28", "Anti-infectives"),
    ("Imitrex 50mg #9", "Antimigraine Agent"),
    ("ProAir HFA inhaler", "Asthma Medications"),
    ("Seroquel 50mg #30", "Atypical Antipsychotic"),
    ("Fosamax 70mg weekly", "Bisphosphonates"),
    ("Marinol 5mg #60", "Cannabinoids"),
    ("Requip 1mg #30", "Dopamine agonists"),
    ("Tricor 145mg", "Fibric Acid"),
    ("Lipitor 20mg #30", "Statin"),
    ("Synthroid 50mcg", "Hormones"),
    ("Cialis 5mg #30", "Impotence Agents"),
    ("Toradol 60mg IM injection", "Injection"),
    ("Vitamin B12 injection monthly", "Injection"),
    ("Theramine #120", "Nutritional Products"),
    ("Vitamin D 50,000 IU", "Nutritional Products"),
    ("Provigil 200mg #30", "Stimulants"),
    ("Humira 40mg pen", "Tumor necrosis factor (TNF) modified"),
    ("Synvisc-One injection right knee", "Viscosupplementation"),
    ("Series of 3 Euflexxa injections to the left knee", "Viscosupplementation"),
    ("Unspecified muscle relaxant", "Muscle Relaxant"),
    ("Gabapentn 300mg #90", "Anti-epilepsy drugs"),  # misspelt
    ("CYCLOBENZAPRINE HCL 7.5MG #60", "Muscle Relaxant"),
    ("Zanaflx 4mg", "Muscle Relaxant"),  # misspelt
    ("Xyzolatrin 20mg #30", (P, None)),  # an unknown drug with a dosage
    ("Norco10/325 #90", "Opioids"),  # the dose written onto the name
    ("Voltaren XR 100mg #30", "NSAID"),
    ("Gabapentin/Ketoprofen/Lidocaine", "Topical Compounds"),
    ("Cyclobenzaprine/Lidocaine patch", "Topical Compounds"),
    ("Hydrocodone/Ibuprofen 7.5/200mg", "Opioids"),
    ("Tramadol/APAP 37.5/325", "Opioids"),
    ("Topical compound creams", "Topical Compounds"),
    ("Ketorolac 30mg IM x1", "Injection"),
    ("Suboxone 8/2mg film #30", "Opioids"),
    ("F1exeril 10mg #30", "Muscle Relaxant"),  # OCR's digit for a letter
    ("Neurotin 300mg", "Anti-epilepsy drugs"),  # misspelt
    ("Hormone replacement therapy", "Hormones"),
    ("Nucynta extended release", "Opioids"),
    # Diagnostic testing
    ("CT scan of the cervical spine without contrast", IMG),
    ("X-ray of the left wrist, 3 views", IMG),
    ("MR arthrogram of the right shoulder", IMG),
    ("Diagnostic ultrasound of the left elbow", IMG),
    ("DEXA scan", IMG),
    ("EMG/NCV bilateral lower extremities", EMG),
    ("Electrodiagnostic studies of the upper limbs", EMG),
    ("UDS x 4 per year", LAB),
    ("Comprehensive metabolic panel and CBC", LAB),
    ("Genetic testing for opioid risk", LAB),
    ("Polysomnography sleep study", OTHER_TEST),
    ("Pulmonary function test", OTHER_TEST),
    ("ECG prior to surgery", OTHER_TEST),
    ("Diagnostic testing", ("Diagnostic Testing", None)),
    # DMEPOS
    ("TENS unit rental x 30 days", ("DMEPOS", "Electrical Stimulation")),
    ("Home H-wave device purchase", ("DMEPOS", "Electrical Stimulation")),
    ("Interferential stimulator, 2 month rental", ("DMEPOS", "Electrical Stimulation")),
    ("Front-wheeled walker", ("DMEPOS", "DME")),
    ("Hospital bed for home use", ("DMEPOS", "DME")),
    ("Cervical traction unit for home", ("DMEPOS", "DME")),
    ("Continuous passive motion (CPM) machine x 21 days", ("DMEPOS", "DME")),
    ("LSO back brace", ("DMEPOS", "Prosthetics/Orthotics")),
    ("Custom foot orthotics", ("DMEPOS", "Prosthetics/Orthotics")),
    ("Right wrist splint", ("DMEPOS", "Prosthetics/Orthotics")),
    ("TENS electrodes and batteries", ("DMEPOS", "Electrical Stimulation")),
    ("Compression stockings, 2 pairs", ("DMEPOS", "Supplies")),
    ("Ergonomic chair", ("DMEPOS", "DME")),
    ("Home oxygen concentrator", ("DMEPOS", "DME")),
    # Evaluation & management
    ("Consultation with a neurologist", ("Evaluation & Management", "Medical Specialties")),
    ("Pain management follow-up visits x 6", ("Evaluation & Management", "Medical Specialties")),
    ("Dental evaluation and treatment", ("Evaluation & Management", "Dental Services")),
    ("Replacement of two broken teeth (crowns)", ("Evaluation & Management", "Dental Services")),
    # Home health, transportation
    ("Home health nursing 4 hours a day", ("Home Health", "Home Health")),
    ("Home health aide 3x/week x 4 weeks", ("Home Health", "Home Health")),
    ("Transportation to and from medical appointments", ("Transportation", "Transportation")),
    # Injections
    ("Bilateral L4-5 and L5-S1 medial branch blocks", ("Injection", "Facet Injection")),
    ("Radiofrequency ablation right L3-L5", ("Injection", "Facet Injection")),
    ("Cervical facet injections C5-6", ("Injection", "Facet Injection")),
    ("Transforaminal ESI L5-S1", ("Injection", "Injection")),
    ("Trigger point injections x 4", ("Injection", "Injection")),
    ("Cortisone injection to the left shoulder", ("Injection", "Injection")),
    ("Right SI joint injection under fluoroscopy", ("Injection", "Injection")),
    # Programs, psych
    ("Functional restoration program x 80 hours", ("Programs", "Programs")),
    ("Work hardening 10 sessions", ("Programs", "Programs")),
    ("Weight loss program", ("Programs", "Programs")),
    ("Psychological evaluation", ("Psych Services", "Evaluation & Management")),
    ("Psychiatric consultation", ("Psych Services", "Evaluation & Management")),
    ("Cognitive behavioral therapy x 6 sessions", ("Psych Services", "Therapies")),
    ("Biofeedback sessions x 6", ("Psych Services", "Therapies")),
    # Rehabilitation
    ("PT 2x4 lumbar spine", PT),
    ("Occupational therapy x 12 for the right hand", PT),
    ("Aquatic therapy 2x6", PT),
    ("Chiropractic manipulation 2x3", ("Rehabilitation", "Chiropractic")),
    ("Acupuncture x 8 sessions", ("Rehabilitation", "Acupuncture")),
    ("Massage therapy 1x6", OTHER_THERAPY),
    ("Myofascial release 6 sessions", OTHER_THERAPY),
    ("Pain psychology sessions x 6", ("Psych Services", "Therapies")),
    ("ESWT to the right heel x 3", OTHER_THERAPY),
    ("Interferential therapy 6 sessions", OTHER_THERAPY),  # in the office: therapy, not a device
    ("E-stim 8 visits", OTHER_THERAPY),
    ("Therapy", ("Rehabilitation", None)),
    # Surgery
    ("Right knee arthroscopy with partial medial meniscectomy", ("Surgery", "Arthroscopic Surgery")),
    ("Left shoulder arthroscopic subacromial decompression", ("Surgery", "Arthroscopic Surgery")),
    ("L4-5 microdiscectomy", ("Surgery", "Spine")),
    ("ACDF C5-6 and C6-7", ("Surgery", "Spine")),
    ("Lumbar laminectomy and decompression L3-L5", ("Surgery", "Spine")),
    ("Spinal cord stimulator trial", ("Surgery", "Spine")),
    ("Right carpal tunnel release", ("Surgery", "Non-arthroscopic Surgery")),
    ("Left total knee arthroplasty", ("Surgery", "Non-arthroscopic Surgery")),
    ("Trigger finger release, left ring finger", ("Surgery", "Non-arthroscopic Surgery")),
    ("Left shoulder open rotator cuff repair", ("Surgery", "Non-arthroscopic Surgery")),
    ("Right knee total arthroplasty with 3 day inpatient stay", ("Surgery", "Non-arthroscopic Surgery")),
    ("Manipulation under anesthesia, left shoulder", ("Surgery", "Non-arthroscopic Surgery")),
    ("Orthopedic surgeon consultation", ("Surgery", "Surgical Consult")),
    ("Spine surgery consult", ("Surgery", "Surgical Consult")),
    ("Assistant surgeon", ("Surgery", "Adjunct Surgical Services")),
    ("Associated surgical service: 2 day inpatient stay", ("Surgery", "Adjunct Surgical Services")),
    ("Pre-operative medical clearance", ("Surgery", "Adjunct Surgical Services")),
    ("Associated surgical service: cold therapy unit", ("DMEPOS", "DME")),
    ("Surgery", ("Surgery", None)),
    ("Compound fracture ORIF left tibia", ("Surgery", "Non-arthroscopic Surgery")),
    ("Kenalog 40mg injection right shoulder", ("Injection", "Injection")),
    ("Associated surgical service: Pre-op labs CBC, BMP, PT/INR", LAB),
    ("Spine surgeon re-evaluation", ("Surgery", "Surgical Consult")),
    ("Pain management consultation", ("Evaluation & Management", "Medical Specialties")),
    ("Paraffin bath for home", ("DMEPOS", "DME")),
    ("Hot/cold therapy unit purchase", ("DMEPOS", "DME")),
    ("Inferential unit x 30 days", ("DMEPOS", "Electrical Stimulation")),
]

NOTHING = ["", "   ", "Retrospective DOS 11/11/2016", "Outpatient right knee", "Unknown", "N/A"]


def _expected(value: tuple[str, str | None] | str) -> Category:
    if isinstance(value, str):
        return Category(P, None, value)
    return Category(value[0], value[1], None)


@pytest.mark.parametrize(("request_text", "expected"), CASES, ids=[text for text, _ in CASES])
def test_invented_request(request_text: str, expected: tuple[str, str | None] | str) -> None:
    assert category_of_text(request_text) == _expected(expected)
    assert categorize(Decision(request=request_text, outcome="upheld")) == _expected(expected)


@pytest.mark.parametrize("request_text", NOTHING)
def test_request_naming_no_treatment_gives_none(request_text: str) -> None:
    assert categorize(Decision(request=request_text, outcome="upheld")) is None


def test_vague_request_is_read_from_the_guidelines() -> None:
    decision = Decision(
        request="Retrospective DOS 11/11/2016",
        outcome="overturned",
        maximus_guideline="MTUS (2009): Chronic Pain Medical Treatment Guidelines, Opioids, criteria for use",
    )
    assert categorize(decision) == Category(P, None, "Opioids")


def test_vague_request_is_read_from_the_original_request() -> None:
    decision = Decision(
        request="Outpatient right knee", outcome="upheld", original_request="Outpatient MRI of the right knee"
    )
    assert categorize(decision) == Category(*IMG)


def test_vague_request_is_read_from_the_rationale_sentence_about_it() -> None:
    decision = Decision(
        request="Retrospective request",
        outcome="upheld",
        rationale="The patient has knee pain. The requested urine drug screen is not medically necessary.",
    )
    assert categorize(decision) == Category(*LAB)


def test_the_thing_the_rationale_says_was_requested_outweighs_other_treatments_it_names() -> None:
    decision = Decision(
        request="Retrospective request",
        outcome="upheld",
        rationale="Physical therapy and Norco did not help. The request for MRI of the lumbar spine is not supported.",
    )
    assert categorize(decision) == Category(*IMG)


def test_a_clear_request_ignores_the_rationale() -> None:
    decision = Decision(request="Flexeril 10mg #60", outcome="upheld", rationale="Physical therapy was tried.")
    assert categorize(decision) == Category(P, None, "Muscle Relaxant")
