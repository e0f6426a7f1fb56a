"""The content of the invented sample letters that `make_samples.py` lays out.

Every person, case number (the `CM99-` series, which MAXIMUS never issued), date and treatment
here is invented for imr-desk; the clinical prose was written for this project. Only the fixed
form wording of an IMR Final Determination (the "HOW THE IMR FINAL DETERMINATION WAS MADE"
paragraph, section titles and field labels) follows the real letters, so the parser sees the
same layout it meets in practice.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SampleDecision:
    """One decision block; `form` picks how its heading is worded (see `heading()`)."""

    request: str
    outcome: str  # "Upheld" | "Overturned"
    claims_administrator_guideline: str
    maximus_guideline: str
    rationale: str
    form: str = "plain"  # "plain" | "remaining" (partial approval) | "leaving" (authorized other)
    original_request: str | None = None
    authorized: str | None = None

    def heading(self) -> str:
        """The heading as the letter prints it, ending with the outcome word."""
        if self.form == "remaining":
            return (
                f"{self.original_request} was the original request. {self.authorized} was "
                "authorized by the Claims Administrator. The remaining IMR eligible portion of "
                f"the original request, {self.request} is: {self.outcome}"
            )
        if self.form == "leaving":
            return (
                f"{self.original_request} was the original request. The Claims Administrator "
                f"authorized {self.authorized}, leaving the original request IMR eligible. The "
                f"original request, {self.request} is: {self.outcome}"
            )
        return f"{self.request}: {self.outcome}"


@dataclass(frozen=True)
class SampleLetter:
    """One invented letter: header dates are ISO (`YYYY-MM-DD`), printed as MM/DD/YYYY."""

    name: str
    case_number: str
    date_assigned: str
    date_of_injury: str
    decision_date: str
    ur_denial_date: str
    application_received: str
    priority: str
    licensure_states: tuple[str, ...]
    specialties: tuple[str, ...]
    age: int
    sex: str
    case_summary: str
    decisions: tuple[SampleDecision, ...] = field(default_factory=tuple)


NO_CITATION = "The Claims Administrator did not cite any medical evidence for its decision."

UPHELD_PLAIN = SampleLetter(
    name="sample-upheld",
    case_number="CM99-0000101",
    date_assigned="2016-03-07",
    date_of_injury="2014-08-14",
    decision_date="2016-04-04",
    ur_denial_date="2016-02-18",
    application_received="2016-02-29",
    priority="Standard",
    licensure_states=("California", "Oregon"),
    specialties=("Orthopaedic Surgery",),
    age=47,
    sex="male",
    case_summary=(
        "The injured worker is a 47 year old male with an industrial injury date of 08-14-2014. "
        "He was lifting a crate of produce from a warehouse shelf when he felt a pulling "
        "sensation in the low back. Treatment to date has included medication, a home exercise "
        "program, eighteen sessions of physical therapy and a lumbar MRI on 11-03-2014 that "
        "showed mild disc desiccation at L4-L5 without canal stenosis. The progress report "
        "dated 01-26-2016 documented low back pain rated 4 out of 10 without radiation to the "
        "legs. Examination showed mildly reduced lumbar flexion, a negative straight leg raise "
        "on both sides and intact strength and sensation in both lower extremities. The treating "
        "physician requested a repeat MRI of the lumbar spine and a topical compound cream. On "
        "02-18-2016, Utilization Review non-certified both requests."
    ),
    decisions=(
        SampleDecision(
            request="Repeat MRI of the lumbar spine without contrast",
            outcome="Upheld",
            claims_administrator_guideline="Decision based on MTUS ACOEM Low Back Complaints 2004, Chapter 12.",
            maximus_guideline=(
                "The Expert Reviewer based their decision on the MTUS ACOEM Low Back Complaints "
                "2004, Chapter 12, Special Studies and Diagnostic and Treatment Considerations."
            ),
            rationale=(
                "The MTUS ACOEM guidelines support imaging of the lumbar spine when there are "
                "unequivocal objective findings of specific nerve compromise on the neurologic "
                "examination in a patient who has not responded to treatment and who would "
                "consider surgery. Repeat imaging is reserved for a significant change in symptoms "
                "or findings that suggest significant pathology. In this case, the records describe "
                "stable axial low back pain without radicular symptoms, and the neurologic "
                "examination is normal. No red flag condition is documented and no surgical plan "
                "is described. The request for a repeat MRI of the lumbar spine without contrast "
                "is not medically necessary."
            ),
        ),
        SampleDecision(
            request="Ketoprofen 10%/lidocaine 5% compound cream 120 grams",
            outcome="Upheld",
            claims_administrator_guideline=NO_CITATION,
            maximus_guideline=(
                "The Expert Reviewer based their decision on the MTUS Chronic Pain Medical "
                "Treatment Guidelines, Topical Analgesics."
            ),
            rationale=(
                "The MTUS Chronic Pain Medical Treatment Guidelines describe topical analgesics "
                "as largely experimental, with few randomized trials to establish their efficacy "
                "or safety. When one ingredient of a compounded cream is not supported, the "
                "guidelines do not support the compound as a whole. Ketoprofen is not approved for "
                "topical use because of a high rate of photocontact dermatitis, and topical "
                "lidocaine is recommended only as a dermal patch for localized neuropathic pain "
                "after a trial of first-line therapy. The records do not document neuropathic pain "
                "or a failed trial of antidepressants or anticonvulsants. The request for "
                "ketoprofen 10%/lidocaine 5% compound cream 120 grams is not medically necessary."
            ),
        ),
    ),
)

PARTIAL_APPROVAL = SampleLetter(
    name="sample-partial",
    case_number="CM99-0000102",
    date_assigned="2016-03-21",
    date_of_injury="2015-06-22",
    decision_date="2016-04-15",
    ur_denial_date="2016-03-01",
    application_received="2016-03-14",
    priority="Standard",
    licensure_states=("California",),
    specialties=("Physical Medicine and Rehabilitation",),
    age=39,
    sex="female",
    case_summary=(
        "The injured worker is a 39 year old female with a date of injury of 06-22-2015. She "
        "reported right shoulder pain after reaching overhead again and again to stock shelves "
        "at a retail store. Diagnoses include right shoulder impingement syndrome and a partial "
        "thickness supraspinatus tear. She underwent right shoulder arthroscopic subacromial "
        "decompression on 12-09-2015. Treatment since surgery has included a sling for three "
        "weeks, twelve sessions of postoperative physical therapy and an oral anti-inflammatory "
        "medication. The physical therapy note of 02-11-2016 documented forward flexion to 150 "
        "degrees, abduction to 140 degrees and rotator cuff strength of 4 out of 5. The "
        "surgeon's report of 02-16-2016 requested twelve more sessions of physical therapy and "
        "a refill of naproxen. On 03-01-2016, Utilization Review modified the therapy request to "
        "six sessions and non-certified the naproxen."
    ),
    decisions=(
        SampleDecision(
            form="remaining",
            original_request="Postoperative physical therapy 2 times a week for 6 weeks for the right shoulder",
            authorized="Postoperative physical therapy 2 times a week for 3 weeks for the right shoulder",
            request="Postoperative physical therapy 6 additional sessions for the right shoulder",
            outcome="Upheld",
            claims_administrator_guideline="Decision based on MTUS Postsurgical Treatment Guidelines, Shoulder.",
            maximus_guideline=(
                "The Expert Reviewer based their decision on the MTUS Postsurgical Treatment "
                "Guidelines, Shoulder, Impingement syndrome."
            ),
            rationale=(
                "The MTUS Postsurgical Treatment Guidelines allow 24 visits over 14 weeks after "
                "arthroscopic surgery for impingement syndrome, with an initial course of one half "
                "of that number. Further therapy within the postsurgical period depends on "
                "documented functional improvement. The injured worker has completed twelve "
                "sessions and has regained most of her motion and much of her strength. With the "
                "six sessions authorized by the Claims Administrator she will have received "
                "eighteen visits, and the records do not explain why the remaining deficits cannot "
                "be addressed in a home exercise program after that. The remaining IMR eligible "
                "portion of the original request, postoperative physical therapy 6 additional "
                "sessions for the right shoulder, is not medically necessary."
            ),
        ),
        SampleDecision(
            request="Naproxen sodium 550 mg #60",
            outcome="Overturned",
            claims_administrator_guideline="Decision based on MTUS Chronic Pain Medical Treatment Guidelines, NSAIDs.",
            maximus_guideline=(
                "The Expert Reviewer based their decision on the MTUS Chronic Pain Medical "
                "Treatment Guidelines, NSAIDs (non-steroidal anti-inflammatory drugs)."
            ),
            rationale=(
                "The MTUS guidelines recommend non-steroidal anti-inflammatory drugs at the smallest "
                "dose that controls the pain and for as short a time as the recovery allows. "
                "The injured worker is eight weeks from shoulder surgery, is still taking part in "
                "active rehabilitation and reports that naproxen lowers her pain from 6 to 3 out "
                "of 10 and lets her complete her exercises. No gastrointestinal, renal or "
                "cardiovascular risk is documented. A limited supply to support the postoperative "
                "rehabilitation is consistent with the guidelines. The request for naproxen "
                "sodium 550 mg #60 is medically necessary."
            ),
        ),
    ),
)

OVERTURNED = SampleLetter(
    name="sample-overturned",
    case_number="CM99-0000103",
    date_assigned="2016-05-02",
    date_of_injury="2013-09-30",
    decision_date="2016-05-06",
    ur_denial_date="2016-04-22",
    application_received="2016-04-28",
    priority="Expedited",
    licensure_states=("California", "Arizona"),
    specialties=("Anesthesiology", "Pain Medicine"),
    age=58,
    sex="male",
    case_summary=(
        "The injured worker is a 58 year old male who sustained an industrial injury on "
        "09-30-2013 when he slipped from the step of a delivery truck and landed on his left "
        "knee. He has a diagnosis of post-traumatic osteoarthritis of the left knee and "
        "underwent a left total knee arthroplasty on 04-12-2016. The operative report notes an "
        "uncomplicated procedure under spinal anesthesia. He has a history of a deep vein "
        "thrombosis of the left leg in 2009 and a body mass index of 36. The discharge plan "
        "dated 04-15-2016 requested an intermittent pneumatic compression device for home use. "
        "A urine drug screen was also performed at the preoperative visit. On 04-22-2016, "
        "Utilization Review non-certified the compression device and the retrospective drug "
        "screen."
    ),
    decisions=(
        SampleDecision(
            request=(
                "Intermittent pneumatic compression device for home use for 14 days after left "
                "total knee arthroplasty"
            ),
            outcome="Overturned",
            claims_administrator_guideline=(
                "Decision based on Non-MTUS Citation Official Disability Guidelines, Knee and "
                "Leg, Venous thrombosis."
            ),
            maximus_guideline=(
                "The Expert Reviewer based their decision on recommendation(s) outside of the "
                "MTUS Guidelines. Decision based on Non-MTUS Citation Official Disability "
                "Guidelines, Knee and Leg, Compression garments and Venous thrombosis."
            ),
            rationale=(
                "The MTUS does not address mechanical prophylaxis after knee arthroplasty, so "
                "other guidelines were consulted. The Official Disability Guidelines recommend "
                "identifying patients at high risk of venous thrombosis after surgery and "
                "providing prophylactic measures, and they support mechanical compression together "
                "with drug prophylaxis for those at increased risk. This injured worker has had a "
                "prior deep vein thrombosis in the same leg, is obese and has just had a total "
                "knee arthroplasty, which together place him at high risk. Home use for 14 days "
                "covers the period of reduced mobility after discharge. The request for an "
                "intermittent pneumatic compression device for home use for 14 days after left "
                "total knee arthroplasty is medically necessary."
            ),
        ),
        SampleDecision(
            request="Retrospective request for urine drug screen (DOS: 03/29/2016)",
            outcome="Upheld",
            claims_administrator_guideline=(
                "Decision based on MTUS Chronic Pain Medical Treatment Guidelines, Drug testing."
            ),
            maximus_guideline=(
                "The Expert Reviewer based their decision on the MTUS Chronic Pain Medical "
                "Treatment Guidelines, Drug testing and Opioids, steps to avoid misuse/addiction."
            ),
            rationale=(
                "The MTUS guidelines support urine drug testing as an option to assess for the "
                "use or presence of illegal drugs, and as part of the monitoring of patients who "
                "take opioids. The records from the preoperative visit of 03-29-2016 list "
                "acetaminophen as the only analgesic. No opioid prescription, aberrant behavior "
                "or concern about substance use is documented, and the reason for the test is not "
                "stated. The retrospective request for a urine drug screen (DOS: 03/29/2016) is "
                "not medically necessary."
            ),
        ),
    ),
)

# The multi-page letter is in sample_letters_long.py.
SHORT_SAMPLES: tuple[SampleLetter, ...] = (UPHELD_PLAIN, PARTIAL_APPROVAL, OVERTURNED)
