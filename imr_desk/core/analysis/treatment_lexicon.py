"""Words for services and equipment, each with the taxonomy entry it points to and a weight.

`TREATMENT_RULES` is a list of ``(pattern, (category, sub_category), weight)``: the pattern is
a regular expression matched (as a whole word) against the request written in lower case
with punctuation reduced to spaces (``/``, ``%``, ``#`` and ``-`` kept). Where several rules
match one request, the heaviest wins, then the earliest; so the treatment itself
("cold compression unit") outweighs its setting ("associated surgical service") and a
specific test ("EKG") its heading ("labs to include"). Weights: 90s a name that can only
mean one entry, 70s–80s specific words, 50s–60s words a request may share with others,
20s–40s the general words that only decide when nothing else does.

The entries are spelled exactly as ``taxonomy.json``; `categories.py` checks every one of
them against it when it loads.
"""

from __future__ import annotations

DIAG = "Diagnostic Testing"
IMAGING = (DIAG, "Imaging / Radiology")
EMG = (DIAG, "EMG/NCV/NCS")
LAB = (DIAG, "Lab & Pathology")
OTHER_TEST = (DIAG, "Other Diagnostic Tests")
DME = ("DMEPOS", "DME")
E_STIM = ("DMEPOS", "Electrical Stimulation")
ORTHOTICS = ("DMEPOS", "Prosthetics/Orthotics")
SUPPLIES = ("DMEPOS", "Supplies")
DENTAL = ("Evaluation & Management", "Dental Services")
SPECIALIST = ("Evaluation & Management", "Medical Specialties")
HOME_HEALTH = ("Home Health", "Home Health")
FACET = ("Injection", "Facet Injection")
INJECTION = ("Injection", "Injection")
PROGRAMS = ("Programs", "Programs")
PSYCH_EVAL = ("Psych Services", "Evaluation & Management")
PSYCH_THERAPY = ("Psych Services", "Therapies")
ACUPUNCTURE = ("Rehabilitation", "Acupuncture")
CHIRO = ("Rehabilitation", "Chiropractic")
OTHER_THERAPY = ("Rehabilitation", "Other Therapies")
PT_OT = ("Rehabilitation", "Physical Therapy/Occupational Therapy (PT/OT)")
ADJUNCT = ("Surgery", "Adjunct Surgical Services")
ARTHROSCOPIC = ("Surgery", "Arthroscopic Surgery")
OPEN_SURGERY = ("Surgery", "Non-arthroscopic Surgery")
SPINE = ("Surgery", "Spine")
SURGICAL_CONSULT = ("Surgery", "Surgical Consult")
SURGERY = ("Surgery", None)
TRANSPORT = ("Transportation", "Transportation")
PHARMACEUTICALS = ("Pharmaceuticals", None)
REHAB = ("Rehabilitation", None)
DMEPOS = ("DMEPOS", None)
DIAGNOSTIC = (DIAG, None)

# Equipment words that make a modality a device (DMEPOS) rather than sessions of therapy.
DEVICE_WORDS = r"unit|units|device|machine|system|rental|rent|rented|purchase|purchased|buy|home use|for home"

TREATMENT_RULES: list[tuple[str, tuple[str, str | None], int]] = [
    # Diagnostic testing
    (r"mri|mra|mr arthrogram|magnetic resonance|ct|cat scan|ct scan|computed tomography|x-?rays?|radiographs?"
     r"|radiology|bone scan|dexa|dxa|bone density|arthrogram|myelogram|myelography|discogram|discography"
     r"|pet scan|pet|spect|nuclear medicine|fluoroscopic imaging|x-ray films?|imaging|scans?", IMAGING, 88),
    (r"ultrasound|ultrasonography|sonogram|doppler|duplex", IMAGING, 72),
    (r"emg|ncv|ncs|emg/ncv|ncv/emg|emg/ncs|ncs/emg|nerve conduction|electromyograph\w*|electrodiagnostic\w*"
     r"|ssep|somatosensory evoked|evoked potentials?", EMG, 92),
    (r"urine|urinalysis|uds|drug screens?|drug screening|drug tests?|drug testing|toxicology|tox screen"
     r"|blood tests?|blood work|bloodwork|labs?|laboratory|cbc|cmp|bmp|metabolic panel|lipid panel|panel"
     r"|hepatic function|liver function|renal function|kidney function|a1c|hba1c|serum|blood levels?"
     r"|genetic testing|genetic test|dna testing|pharmacogenetic\w*|pathology|culture|lab work", LAB, 62),
    (r"ekg|ecg|electrocardiograms?|echocardiograms?|stress test|holter|pulmonary function|pft|spirometry"
     r"|sleep study|sleep studies|polysomnogra\w*|functional capacity evaluation|fce|qfce|audiogram|audiometry"
     r"|hearing test|hearing evaluation|videonystagmography|vng|vestibular testing|endoscopy|colonoscopy|egd"
     r"|quantitative sensory|qst|sudomotor|sudoscan|computerized range of motion|range of motion testing"
     r"|muscle testing|strength testing|computerized rom|rom testing|rom|range of motion"
     r"|thermography|autonomic testing|tilt table|diagnostic tests?", OTHER_TEST, 85),
    (r"pt/inr|inr|ptt|pt/ptt|coagulation\w*|prothrombin", LAB, 86),
    (r"diagnostic|testing|tests?", DIAGNOSTIC, 25),
    # Durable medical equipment, orthotics, supplies, electrical stimulation
    (r"tens|tens unit|h-?wave|interferential|inferential|if unit|nmes|ems unit|muscle stimulator|neurostimulator"
     r"|(?:electrical|electric|muscle|nerve) stimulat\w* (?:" + DEVICE_WORDS + r")|e-?stim (?:unit|device)"
     r"|stimulator|bone growth stimulator|bone stimulator|exogen|alpha-?stim|cefaly|quell", E_STIM, 86),
    (r"wheelchairs?|walkers?|rolling walker|canes?|crutch\w*|scooter|hospital bed|mattress|commode|shower chair"
     r"|tub bench|toilet seat|grab bars?|reacher|grabber|lift chair|recliner|hoyer|stair lift|cold therapy unit"
     r"|cryotherapy unit|cryo cuff|cryocuff|polar care|game ready|vasopneumatic|cpm|continuous passive motion"
     r"|pneumatic compression|compression device|compression unit|compression pump|dvt pump"
     r"|cold compression|dvt device|vascutherm"
     r"|home exercise kit|exercise kit|exercise equipment|stationary bike|exercise bike|treadmill|pulley"
     r"|traction unit|traction device|home traction|heating pad|hot/cold unit|hot and cold unit|ice machine"
     r"|nebulizer|cpap|bipap|durable medical equipment|dme|equipment|pillow|cushion|seat cushion|bed rail"
     r"|massager|inversion table|paraffin unit|infrared unit|ultrasound unit|paraffin bath|heat lamp|massage chair"
     r"|shower bench|bath bench|adjustable bed|beds?|glucometer|glucose monitor|exercise ball|theraputty|weights"
     r"|dumbbells|hand exerciser|foam roller|ergonomic (?:chair|keyboard|equipment|workstation|mouse)|standing desk"
     r"|sit-stand desk|home modifications?|ramps?|van modification|vehicle modification|hand controls|stair glide"
     r"|oxygen|oxygen concentrator", DME, 80),
    (r"braces?|bracing|lso|tlso|cso|orthos[ie]s|orthotics?|orthotic inserts?|insoles?|shoe inserts?|splints?"
     r"|splinting|sling|collar|cervical collar|immobilizer|walking boot|cam boot|boot|cast|prosthes[ie]s"
     r"|prosthetics?|hearing aids?|hearing devices?|lumbar support|back support|corset|wrist support|thumb spica"
     r"|orthopedic shoes|custom shoes|knee support|ankle support|knee sleeve|elbow sleeve|tmj splint"
     r"|eye ?glasses|glasses|spectacles|contact lens\w*", ORTHOTICS, 82),
    (r"supplies|supply|electrodes?|batteries|wraps?|bandages?|dressings?|gauze|kinesio\w*|gloves|catheters?"
     r"|diapers|incontinence|compression garments?|compression stockings?|compression sleeves?|ted hose"
     r"|test strips|lancets|syringes|theraband|resistance bands?|ice packs?|hot packs?|cold packs?|pads?",
     SUPPLIES, 45),
    (r"heat wraps?|thermacare|ice packs?|hot packs?|cold packs?|gel packs?|hot/cold packs?|electrodes"
     r"|tens patches|test strips|lancets|compression stockings?|kinesio tape|kinesiotape|ostomy supplies",
     SUPPLIES, 81),
    (r"rental|purchase|rent|durable", DMEPOS, 22),
    # Evaluation & management
    (r"dental|dentist\w*|teeth|tooth|oral surgeon|periodont\w*|endodont\w*|orthodont\w*|root canal|dentures?"
     r"|crowns?|dental implants?|night guard|mouth guard|oral appliance", DENTAL, 90),
    (r"office visits?|follow[- ]?up|consult\w*|referral|refer|evaluation|evaluate|re-?evaluation|specialist"
     r"|visits?|appointments?|examination|exam|assessment|management|pain management|pain medicine"
     r"|neurolog\w*|internist|internal medicine|rheumatolog\w*|podiatr\w*|ophthalmolog\w*|optometr\w*"
     r"|dermatolog\w*|cardiolog\w*|pulmonolog\w*|urolog\w*|gastroenterolog\w*|endocrinolog\w*|physiatr\w*"
     r"|otolaryngolog\w*|ent|hematolog\w*|oncolog\w*|nephrolog\w*|toxicologist|infectious disease"
     r"|second opinion|medication management|pain specialist|telemedicine|telehealth", SPECIALIST, 42),
    # Home health and transportation
    (r"home health\w*|home aide|health aide|home care|homecare|home nursing|nursing care|nurse visits?"
     r"|caregiver|care giver|attendant care|attendant|housekeep\w*|homemaker|chore services|in-home"
     r"|home assistance|home help|home services|personal care|skilled nursing|home attendant", HOME_HEALTH, 80),
    (r"transport\w*|taxi|uber|lyft|mileage|ambulance|medical transport|travel", TRANSPORT, 88),
    # Injections
    (r"facet\w*|medial branch\w*|mbb|mbnb|rhizotomy|radiofrequency|rfa|neurotomy|ablation"
     r"|radio frequency|zygapophyseal|z-joint", FACET, 92),
    (r"genicular|epidural\w*|esi|esis|tfesi|transforaminal|interlaminar|caudal|trigger points?|tpi|tpis"
     r"|nerve blocks?|blocks?|injections?|inject\w*|prp|platelet[- ]rich|stem cells?|prolotherapy"
     r"|intra-?articular|cortisone shot|steroid shot|shots?|sacroiliac|si joint|stellate|sympathetic"
     r"|occipital|ganglion impar|bursa injection|aspiration|intrathecal|pain pump", INJECTION, 84),
    # Programs and psych
    (r"functional restoration\w*|frp|help program|multidisciplinary|interdisciplinary|chronic pain program"
     r"|pain program|work hardening|work conditioning|weight loss|weight management|detox\w*|rehabilitation"
     r" program|gym membership|gym|pool membership|health club|ymca|programs?|inpatient rehabilitation"
     r"|nutrition program|day program|restoration program|lindora|medifast|nutrisystem", PROGRAMS, 78),
    (r"psych\w* (?:eval\w*|consult\w*|testing|assessment|referral|visit\w*|follow[- ]?up|treatment plan)"
     r"|psychiatrist|psychologist|psychiatric|psychological|psychology|psych|neuropsycholog\w*|mental health"
     r"|psychometric", PSYCH_EVAL, 74),
    (r"psychotherapy|cbt|cognitive behavio\w*|behavio\w* therapy|behavio\w* medicine|counsel\w*|biofeedback"
     r"|psych\w* (?:therapy|treatment|sessions?)|talk therapy|group therapy|hypnotherapy|relaxation training"
     r"|pain coping|stress management|emdr", PSYCH_THERAPY, 79),
    # Rehabilitation
    (r"acupunctur\w*|electroacupuncture|electro-acupuncture|cupping", ACUPUNCTURE, 92),
    (r"chiro\w*|manipulation|manipulations|cmt|spinal adjustment\w*|adjustments", CHIRO, 90),
    (r"physical therapy|physical therapies|pt|p\.t|occupational therapy|ot|physiotherapy|physio|hand therapy"
     r"|aquatic\w*|aqua therapy|pool therapy|water therapy|hydrotherapy|therapeutic exercises?|exercise therapy"
     r"|home exercise program|vestibular rehab\w*|vestibular therapy|postop\w* therapy|rehab|rehabilitation"
     r"|therapy visits|pt/ot|ot/pt|certified hand therapist|manual therapy|work simulation", PT_OT, 80),
    (r"massage\w*|shock ?wave|eswt|traction|spinolator|ice/heat|heat/ice|hot/cold|cold/hot|hot and cold"
     r"|contrast therapy|ice|heat|heat therapy"
     r"|cold therapy|cryotherapy|ultrasound therapy|therapeutic ultrasound|laser|laser therapy|cold laser|infrared"
     r"|paraffin|whirlpool|diathermy|iontophoresis|phonophoresis|electrical stimulation|electric stimulation"
     r"|e-?stim|electrotherapy|interferential therapy|dry needling|myofascial release|speech therapy"
     r"|hyperbaric|vision therapy|cognitive therapy|cognitive rehab\w*|light therapy|decompression therapy"
     r"|spinal decompression therapy|mechanical traction|modalities|modality|kinesiotherapy|tai chi|yoga"
     r"|pilates|feldenkrais|reiki", OTHER_THERAPY, 76),
    (r"therapy|therapies|treatments?|sessions?", REHAB, 20),
    # Surgery
    (r"arthroscop\w*|scope|meniscectomy|menisectomy|meniscus repair|meniscal repair|chondroplasty"
     r"|acl reconstruction|acl repair|labral repair|labrum repair|slap repair|subacromial decompression"
     r"|rotator cuff repair|rcr|synovectomy|capsular release|bankart|acromioplasty|distal clavicle\w*"
     r"|mumford|microfracture|loose body removal", ARTHROSCOPIC, 90),
    (r"manipulation under anesthesia|mua|open rotator cuff|mini-open|open (?:\w+ )?(?:repair|release|reconstruction)",
     OPEN_SURGERY, 92),
    (r"fusion|laminectomy|laminotomy|hemilaminectomy|discectomy|diskectomy|microdiscectomy|microdiskectomy"
     r"|foraminotomy|acdf|tlif|plif|alif|xlif|kyphoplasty|vertebroplasty|corpectomy|disc replacement"
     r"|disc arthroplasty|disk replacement|spinal surgery|spine surgery|back surgery|neck surgery"
     r"|spinal cord stimulator\w*|scs|dorsal column stimulator|hardware removal spine|interbody", SPINE, 89),
    (r"carpal tunnel release|ctr|trigger finger release|release|repair|reconstruction|excision|removal|resection"
     r"|transposition|arthroplasty|replacement|tka|tha|orif|open reduction|osteotomy|amputation|tenotomy"
     r"|fasciotomy|debridement|neurolysis|arthrodesis|tenodesis|tendon transfer|bunionectomy|hernia\w*"
     r"|herniorrhaphy|cubital tunnel|de quervain\w*|ganglion cyst|epicondylectomy|capsulotomy|synovectomy open"
     r"|fixation|decompression|implant\w*|graft\w*|neuroma|\w+ectomy|\w+plasty|\w+otomy|\w+desis|bariatric"
     r"|gastric bypass|gastric sleeve|lap band|cataract|open surgery", OPEN_SURGERY, 70),
    (r"surg\w* consult\w*|surg\w* evaluation|surg\w* referral|surg\w* opinion|consult\w* (?:with |to )?(?:an? )?"
     r"(?:orthopedic |orthopaedic |spine |spinal |hand |neuro|foot |ankle |shoulder |knee )?surgeon"
     r"|(?:orthopedic|orthopaedic|spine|spinal|hand|neuro|foot and ankle) ?surg\w* (?:consult\w*|evaluation"
     r"|referral|opinion|follow[- ]?up|visit)"
     r"|surgeon (?:consult\w*|evaluation|re-?evaluation|referral|visit|follow[- ]?up)"
     r"|neurosurg\w* consult\w*|referral to (?:an? )?(?:\w+ )?surgeon", SURGICAL_CONSULT, 91),
    (r"medical clearance|pre-?op\w* (?:clearance|medical clearance|evaluation|visit|consult\w*|h&p|history)"
     r"|clearance|pre-?operative clearance|assistant surgeon|surgical assistant|assistant|co-?surgeon"
     r"|anesthesia|anesthesiologist|inpatient stay|hospital stay|length of stay|overnight stay|inpatient"
     r"|hospitalization|hospital admission|days? inpatient|los|neuromonitoring|neuro-?monitoring"
     r"|associated surgical services?|surgical services?|post-?op\w*|pre-?op\w*|perioperative", ADJUNCT, 40),
    (r"surg\w*|operative|operation|procedure", SURGERY, 35),
    # Medication words with no drug name
    (r"medications?|meds|prescriptions?|rx|refills?|tablets?|tabs?|capsules?|caps|\d+ ?mg|\d+ ?mcg|mg|mcg"
     r"|oral suspension|#\d+|po|bid|tid|qid|qhs|prn|ointment|cream|gel|lotion|transdermal|drops|suppositor\w*"
     r"|pills?|drug|generic|brand|compound\w*|topical", PHARMACEUTICALS, 34),
]

# Rules whose weight is raised for ones that mean this entry only in a specific setting.
STRONG_ADJUNCT = (
    r"medical clearance|pre-?op\w* (?:clearance|medical|evaluation|visit|h&p)|preoperative clearance"
    r"|assistant surgeon|surgical assistant|co-?surgeon|anesthesia|inpatient stay|hospital stay|length of stay"
    r"|overnight stay|days? inpatient|neuromonitoring|neuro-?monitoring"
)
STRONG_ADJUNCT_WEIGHT = 69  # below any named procedure ("knee arthroplasty with 3 day inpatient stay")

SPINE_CONTEXT = r"lumbar|cervical|thoracic|spine|spinal|l\d|c\d|t\d{1,2}|l\d-\d|l\d-s\d|c\d-\d|disc|disk|vertebra\w*"

# Section names of the guidelines a letter cites, read only when the request itself is vague:
# (pattern, (category, sub_category, drug_class), weight). The rules above apply too.
GUIDELINE_RULES: list[tuple[str, tuple[str, str | None, str | None], int]] = [
    (r"special studies|imaging", (*IMAGING, None), 62),
    (r"surgical considerations|surgical indications", (*SURGERY, None), 55),
    (r"physical medicine|physical therapy", (*PT_OT, None), 62),
    (r"manual therapy|manipulation", (*CHIRO, None), 62),
    (r"nsaids?,? gi symptoms|gi symptoms|proton pump", ("Pharmaceuticals", None, "Proton Pump Inhibitors"), 75),
    (r"drug testing|urine drug|drug screen\w*", (*LAB, None), 76),
    (r"office visits?|independent medical examinations|consultations?", (*SPECIALIST, None), 55),
    (r"durable medical equipment|dme", (*DME, None), 62),
    (r"transcutaneous electrotherapy|tens|h-wave|interferential|electrical stimulators?", (*E_STIM, None), 64),
    (r"home health services|home health", (*HOME_HEALTH, None), 70),
    (r"chronic pain programs|functional restoration", (*PROGRAMS, None), 70),
    (r"psychological evaluations?", (*PSYCH_EVAL, None), 70),
    (r"psychological treatment|behavioral interventions|cognitive behavioral", (*PSYCH_THERAPY, None), 70),
    (r"epidural steroid injections?", (*INJECTION, None), 70),
    (r"facet joint\w*|medial branch", (*FACET, None), 72),
    (r"insomnia treatment|insomnia", ("Pharmaceuticals", None, "Sedative-hypnotics"), 62),
    (r"topical analgesics?", ("Pharmaceuticals", None, "Topical Analgesics"), 62),
    (r"compound drugs|compounded", ("Pharmaceuticals", None, "Topical Compounds"), 62),
    (r"medical food", ("Pharmaceuticals", None, "Nutritional Products"), 66),
]
