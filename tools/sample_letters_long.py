"""The invented multi-page sample letter: five decisions, both partial-approval wordings, a
heading that wraps over two lines and decision blocks that cross page breaks.

Everything in it is invented for imr-desk (see `sample_letters.py`).
"""

from __future__ import annotations

from sample_letters import NO_CITATION, SampleDecision, SampleLetter

MULTI_PAGE = SampleLetter(
    name="sample-multipage",
    case_number="CM99-0000104",
    date_assigned="2016-07-11",
    date_of_injury="2012-02-03",
    decision_date="2016-08-09",
    ur_denial_date="2016-06-24",
    application_received="2016-07-05",
    priority="Standard",
    licensure_states=("California", "Nevada", "Washington"),
    specialties=("Physical Medicine and Rehabilitation", "Pain Medicine"),
    age=52,
    sex="female",
    case_summary=(
        "The injured worker is a 52 year old female with a date of injury of 02-03-2012. She "
        "worked as a data entry clerk and developed neck and right arm pain over several months "
        "of sustained keyboard work. She has been diagnosed with cervical degenerative disc "
        "disease, a right C6 radiculopathy confirmed by electrodiagnostic testing on 10-17-2012, "
        "and a depressive disorder secondary to chronic pain. She underwent a C5-C6 anterior "
        "cervical discectomy and fusion on 05-08-2014. Since then she has been treated with "
        "physical therapy, a home exercise program, cognitive behavioral therapy, gabapentin, "
        "duloxetine and tramadol. The progress report of 06-06-2016 documented neck pain rated "
        "6 out of 10 spreading to the right thumb, with numbness in the same distribution. "
        "Cervical rotation was limited to 50 degrees in both directions. Sensation was decreased "
        "in the right C6 dermatome and the right biceps reflex was diminished. A cervical MRI of "
        "04-19-2016 showed a solid fusion at C5-C6 and moderate foraminal narrowing on the right "
        "at C6-C7. The psychologist's report of 05-27-2016 noted better sleep and mood after "
        "eight sessions of cognitive behavioral therapy, with the Beck Depression Inventory score "
        "falling from 29 to 17. The treating physician requested a cervical epidural steroid "
        "injection, six more sessions of cognitive behavioral therapy, continued tramadol with "
        "refills, a home cervical traction unit and an orthopedic mattress. On 06-24-2016, "
        "Utilization Review non-certified the injection, the traction unit and the mattress, "
        "certified four of the six psychotherapy sessions and certified one month of tramadol "
        "without refills."
    ),
    decisions=(
        SampleDecision(
            request=(
                "Right C6-C7 interlaminar cervical epidural steroid injection under fluoroscopic "
                "guidance with monitored anesthesia care"
            ),
            outcome="Upheld",
            claims_administrator_guideline=(
                "Decision based on MTUS Chronic Pain Medical Treatment Guidelines, Epidural "
                "steroid injections (ESIs)."
            ),
            maximus_guideline=(
                "The Expert Reviewer based their decision on the MTUS Chronic Pain Medical "
                "Treatment Guidelines, Epidural steroid injections (ESIs), criteria for the use "
                "of epidural steroid injections."
            ),
            rationale=(
                "The MTUS guidelines recommend epidural steroid injections as an option for the "
                "treatment of radicular pain, defined as pain in a dermatomal distribution with "
                "corroborative findings of radiculopathy. Radiculopathy must be documented by "
                "physical examination and corroborated by imaging or electrodiagnostic testing, "
                "and the pain must have been unresponsive to conservative treatment. The "
                "guidelines also state that the purpose of the injection is to reduce pain and "
                "inflammation so that the patient can make progress in an active treatment "
                "program. In this case, the examination findings point to the C6 root, which "
                "exits at the fused C5-C6 level, while the injection is planned at C6-C7, where "
                "the imaging shows narrowing of the foramen of the C7 root. The records do not "
                "reconcile this difference or describe findings in a C7 distribution. No active "
                "treatment program to follow the injection is described, and the request for "
                "monitored anesthesia care is not explained by any documented anxiety or "
                "intolerance of the procedure. The request for a right C6-C7 interlaminar "
                "cervical epidural steroid injection under fluoroscopic guidance with monitored "
                "anesthesia care is not medically necessary."
            ),
        ),
        SampleDecision(
            form="leaving",
            original_request="Cognitive behavioral therapy 6 sessions",
            authorized="Cognitive behavioral therapy 4 sessions",
            request="Cognitive behavioral therapy 6 sessions",
            outcome="Overturned",
            claims_administrator_guideline=(
                "Decision based on MTUS Chronic Pain Medical Treatment Guidelines, Behavioral "
                "interventions."
            ),
            maximus_guideline=(
                "The Expert Reviewer based their decision on the MTUS Chronic Pain Medical "
                "Treatment Guidelines, Behavioral interventions and Psychological treatment."
            ),
            rationale=(
                "The MTUS guidelines recommend cognitive behavioral therapy for patients with "
                "chronic pain, with an initial trial of 3 to 4 psychotherapy visits over 2 weeks "
                "and, with evidence of objective functional improvement, a total of up to 6 to 10 "
                "visits over 5 to 6 weeks. Guidelines for depression allow a longer course where "
                "progress is being made. The injured worker has completed eight sessions, and the "
                "psychologist documents a fall in the Beck Depression Inventory score from 29 to "
                "17, better sleep and a return to daily walks. The treatment goals for the next "
                "six sessions are specific and measurable, including relapse prevention before "
                "discharge from care. The original request, cognitive behavioral therapy 6 "
                "sessions, is medically necessary."
            ),
        ),
        SampleDecision(
            form="remaining",
            original_request="Tramadol ER 150 mg #30 with 2 refills",
            authorized="Tramadol ER 150 mg #30",
            request="Tramadol ER 150 mg 2 refills",
            outcome="Upheld",
            claims_administrator_guideline=(
                "Decision based on MTUS Chronic Pain Medical Treatment Guidelines, Opioids, "
                "criteria for use."
            ),
            maximus_guideline=(
                "The Expert Reviewer based their decision on the MTUS Chronic Pain Medical "
                "Treatment Guidelines, Opioids, criteria for use and On-going management."
            ),
            rationale=(
                "The MTUS guidelines call for regular checks, in patients who take opioids, of how "
                "much the medication relieves pain, what the patient can do with it, whether it "
                "is taken as prescribed and what side effects it causes, and they tie refills to "
                "those checks at each visit. "
                "The records note that tramadol lowers the injured worker's pain from 7 to 5 out "
                "of 10, but they do not describe what she can do with the medication that she "
                "cannot do without it. There is no recent drug screen or pain agreement in the "
                "records. The one-month supply certified by the Claims Administrator allows the "
                "treating physician to document these items at the next visit. The remaining IMR "
                "eligible portion of the original request, tramadol ER 150 mg 2 refills, is not "
                "medically necessary."
            ),
        ),
        SampleDecision(
            request="Home cervical traction unit",
            outcome="Upheld",
            claims_administrator_guideline=(
                "Decision based on MTUS ACOEM Neck and Upper Back Complaints 2004, Chapter 8."
            ),
            maximus_guideline=(
                "The Expert Reviewer based their decision on the MTUS ACOEM Neck and Upper Back "
                "Complaints 2004, Chapter 8, Initial Care, Physical Methods."
            ),
            rationale=(
                "The MTUS ACOEM guidelines state that there is no high-grade scientific evidence "
                "to support the effectiveness of passive physical modalities such as traction for "
                "neck pain. Traction after a cervical fusion also raises the question of stress "
                "on the fused and adjacent levels, and the surgeon's view on this is not in the "
                "records. No trial of traction under the supervision of a therapist, and no "
                "response to such a trial, is documented. The request for a home cervical "
                "traction unit is not medically necessary."
            ),
        ),
        SampleDecision(
            request="Orthopedic mattress",
            outcome="Upheld",
            claims_administrator_guideline=NO_CITATION,
            maximus_guideline=(
                "The Expert Reviewer based their decision on recommendation(s) outside of the "
                "MTUS Guidelines. Decision based on Non-MTUS Citation Official Disability "
                "Guidelines, Low Back, Mattress selection."
            ),
            rationale=(
                "The MTUS does not address mattresses, so other guidelines were consulted. The "
                "Official Disability Guidelines state that there are no high quality studies to "
                "support the purchase of any type of specialized mattress or bedding as a "
                "treatment for spinal pain, and that mattress selection is subjective and depends "
                "on personal preference. A mattress is also not primarily medical in nature. The "
                "request for an orthopedic mattress is not medically necessary."
            ),
        ),
    ),
)
