"""Drug names, brand and generic, by the drug class DWC's IMR search files them under.

`DRUG_NAMES` maps each Pharmaceuticals drug class of ``taxonomy.json`` (spelled exactly as
there) to the names that belong to it, written in lower case and separated by commas; a name
may be several words ("ms contin", "voltaren gel"). `categories.py` reads them once.

`CLASS_WORDS` are words for a class itself ("muscle relaxant", "opioid") that a request or a
guideline names when it gives no drug. `TOPICAL_INGREDIENTS` are the generics that come as
manufactured topicals (a lidocaine patch is a Topical Analgesic, not a compound); a
`COMPOUNDABLE` class written with a topical form ("cyclobenzaprine 5% cream") is a Topical
Compound. `CLASS_PRECEDENCE` decides a combination product ("hydrocodone/acetaminophen").
"""

from __future__ import annotations

DRUG_NAMES: dict[str, str] = {
    "Opioids": """
        hydrocodone, norco, vicodin, vicodin es, lortab, lorcet, hysingla, hysingla er, zohydro,
        vicoprofen, reprexain, xodol, verdrocet, oxycodone, oxycontin, percocet, percodan, roxicodone,
        endocet, roxicet, xtampza, oxaydo, primlev, xartemis, oxecta, oxymorphone, opana, opana er,
        morphine, morphine sulfate, ms contin, contin, mscontin, kadian, avinza, embeda, arymo,
        morphabond, hydromorphone, dilaudid, exalgo, fentanyl, duragesic, fentora, actiq, subsys,
        abstral, onsolis, lazanda, methadone, dolophine, methadose, tramadol, ultram, ultram er,
        ultracet, conzip, ryzolt, rybix, synapryn, tapentadol, nucynta, nucynta er, codeine,
        tylenol with codeine, tylenol-codeine, buprenorphine, butrans, suboxone, subutex, zubsolv,
        bunavail, belbuca, buprenex, probuphine, levorphanol, meperidine, demerol, pentazocine,
        talwin, butorphanol, stadol, propoxyphene, darvocet, darvon, benzhydrocodone, apadaz,
        trezix, dihydrocodeine, oxy ir, oxyir, msir, ms ir, oxycodone ir, tramadol er, tramadol hcl, nalbuphine, opium
    """,
    "Opoid Antagonist": """
        naloxone, narcan, evzio, naltrexone, vivitrol, revia, relistor, methylnaltrexone, movantik,
        naloxegol, symproic, naldemedine
    """,
    "NSAID": """
        ibuprofen, motrin, advil, naproxen, naproxen sodium, naprosyn, ec-naprosyn, anaprox,
        anaprox ds, aleve, naprelan, diclofenac, diclofenac sodium, diclofenac potassium, voltaren,
        voltaren xr, cataflam, arthrotec, cambia, zipsor, zorvolex, celecoxib, celebrex, meloxicam,
        mobic, vivlodex, qmiiz, etodolac, lodine, nabumetone, relafen, ketorolac, toradol, sprix,
        indomethacin, indocin, tivorbex, piroxicam, feldene, sulindac, clinoril, oxaprozin, daypro,
        ketoprofen, orudis, flurbiprofen, ansaid, fenoprofen, nalfon, fenortho, diflunisal,
        dolobid, salsalate, disalcid, aspirin, ecotrin, bayer, duexis, vimovo, tolmetin,
        mefenamic acid, ponstel, meclofenamate, nsaids, naproxen sod
    """,
    "Muscle Relaxant": """
        cyclobenzaprine, flexeril, amrix, fexmid, tabradol, carisoprodol, soma, methocarbamol,
        robaxin, tizanidine, zanaflex, baclofen, lioresal, gablofen, ozobax, metaxalone, skelaxin,
        metaxall, orphenadrine, norflex, norgesic, orphengesic, chlorzoxazone, parafon forte,
        parafon, lorzone, dantrolene, dantrium
    """,
    "Anti-epilepsy drugs": """
        gabapentin, neurontin, gralise, horizant, fanatrex, pregabalin, lyrica, lyrica cr,
        topiramate, topamax, trokendi, qudexy, carbamazepine, tegretol, oxcarbazepine, trileptal,
        oxtellar, lamotrigine, lamictal, levetiracetam, keppra, divalproex, depakote, valproic
        acid, depakene, zonisamide, zonegran, phenytoin, dilantin, lacosamide, vimpat, tiagabine,
        gabitril, primidone, mysoline, eslicarbazepine, aptiom, felbamate, perampanel
    """,
    "Antidepressant": """
        amitriptyline, elavil, nortriptyline, pamelor, aventyl, desipramine, norpramin,
        imipramine, tofranil, doxepin, trazodone, desyrel, oleptro, duloxetine, cymbalta,
        venlafaxine, effexor, effexor xr, desvenlafaxine, pristiq, milnacipran, savella,
        fluoxetine, prozac, sertraline, zoloft, paroxetine, paxil, citalopram, celexa,
        escitalopram, lexapro, bupropion, wellbutrin, aplenzin, forfivo, mirtazapine, remeron,
        vilazodone, viibryd, vortioxetine, trintellix, brintellix, nefazodone, levomilnacipran,
        fetzima, clomipramine, anafranil, protriptyline, trimipramine, phenelzine, nardil,
        tranylcypromine, parnate, emsam, selegiline
    """,
    "Sedative-hypnotics": """
        zolpidem, ambien, ambien cr, intermezzo, edluar, zolpimist, eszopiclone, lunesta,
        zaleplon, sonata, ramelteon, rozerem, suvorexant, belsomra, silenor, melatonin,
        lemborexant, dayvigo, chloral hydrate
    """,
    "Benzodiazepines": """
        diazepam, valium, alprazolam, xanax, lorazepam, ativan, clonazepam, klonopin, temazepam,
        restoril, chlordiazepoxide, librium, oxazepam, serax, clorazepate, tranxene, triazolam,
        halcion, flurazepam, dalmane, estazolam, prosom, midazolam, versed
    """,
    "AntiAnxiety": "buspirone, buspar, hydroxyzine, vistaril, atarax, meprobamate",
    "Antihistamine": """
        diphenhydramine, benadryl, dicopanol, cetirizine, zyrtec, loratadine, claritin,
        fexofenadine, allegra, chlorpheniramine, cyproheptadine, periactin, doxylamine, unisom,
        levocetirizine, xyzal, desloratadine, clarinex
    """,
    "Proton Pump Inhibitors": """
        omeprazole, prilosec, esomeprazole, nexium, lansoprazole, prevacid, pantoprazole,
        protonix, rabeprazole, aciphex, dexlansoprazole, dexilant, kapidex, zegerid
    """,
    "H2 Blocker": """
        ranitidine, zantac, deprizine, famotidine, pepcid, cimetidine, tagamet, nizatidine, axid
    """,
    "GI Agents": """
        docusate, colace, senna, senokot, senokot-s, sennosides, bisacodyl, dulcolax, lactulose,
        miralax, polyethylene glycol, linzess, linaclotide, amitiza, lubiprostone, sucralfate,
        carafate, dicyclomine, bentyl, misoprostol, cytotec, metoclopramide, reglan, simethicone,
        loperamide, imodium, stool softener, laxative, peri-colace, antacid, gaviscon, tums,
        mylanta, maalox, trulance, plecanatide, motegrity, hyoscyamine, levsin
    """,
    "Antiemetic": """
        ondansetron, zofran, promethazine, phenergan, prochlorperazine, compazine, meclizine,
        antivert, trimethobenzamide, tigan, granisetron, scopolamine, transderm scop, dramamine,
        dimenhydrinate
    """,
    "Topical Analgesics": """
        lidoderm, lidocaine, lidocaine patch, lidocaine hcl, voltaren gel, flector, flector patch,
        pennsaid, salonpas, anecream, capsaicin, zostrix, qutenza, bengay, ben-gay, icy hot,
        biofreeze, tiger balm, terocin, lidopro, lido pro, menthoderm, methoderm, dendracin,
        mentholatum, aspercreme, kera-tek, medrox, lenzapatch, lidothol, xolido, mentherm,
        ultracin, menthol, methyl salicylate, camphor, trolamine, lidozol, lidocaine ointment,
        dermacinrx, thermacare, theraflex, synovacin, mentoderm, lido-k, lidovex, lidopac, xoten, xoten-c,
        lidocaine prilocaine, emla, prilocaine, ketocaine, genicin gel
    """,
    "Topical Compounds": """
        ketophene, cyclophene, flurbi, fluriflex, tg hot, tghot, gabaclotram, mediderm, keto-lido,
        compounded cream, compound cream, compounded topical, transdermal compound
    """,
    "Misc Analgesics": "acetaminophen, tylenol, apap, paracetamol, ketamine, ziconotide, prialt",
    "Barbiturates": """
        fioricet, fiorinal, esgic, butalbital, phenobarbital, zebutal, bupap, phrenilin
    """,
    "Adrenal Cortical Steroids": """
        prednisone, methylprednisolone, medrol, medrol dosepak, medrol dose pack, dexamethasone,
        decadron, prednisolone, hydrocortisone, triamcinolone, kenalog, depo-medrol,
        betamethasone, celestone, deltasone, solu-medrol
    """,
    "Androgens & Anabolic Steroids": """
        testosterone, androgel, testim, axiron, fortesta, aveed, depo-testosterone, vogelxo,
        natesto, androderm, oxandrolone, oxandrin, nandrolone, anadrol, oxymetholone, danazol
    """,
    "Alpha-blocker": """
        tamsulosin, flomax, terazosin, hytrin, doxazosin, cardura, prazosin, minipress,
        alfuzosin, uroxatral, silodosin, rapaflo
    """,
    "Anti-coagulant": """
        warfarin, coumadin, jantoven, heparin, enoxaparin, lovenox, apixaban, eliquis,
        rivaroxaban, xarelto, dabigatran, pradaxa, fondaparinux, arixtra, edoxaban, savaysa,
        clopidogrel, plavix, dalteparin, fragmin
    """,
    "Antidiabetics": """
        metformin, glucophage, glipizide, glucotrol, glyburide, glimepiride, amaryl, insulin,
        lantus, humalog, novolog, levemir, toujeo, basaglar, humulin, novolin, tresiba, januvia,
        sitagliptin, janumet, actos, pioglitazone, invokana, jardiance, farxiga, victoza,
        liraglutide, trulicity, byetta, ozempic, semaglutide, tradjenta, onglyza
    """,
    "Antihypertensive": """
        lisinopril, prinivil, zestril, zestoretic, losartan, cozaar, hyzaar, valsartan, diovan,
        hydrochlorothiazide, hctz, chlorthalidone, furosemide, lasix, clonidine, catapres,
        benazepril, lotensin, lotrel, enalapril, vasotec, ramipril, altace, olmesartan, benicar,
        irbesartan, avapro, telmisartan, micardis, candesartan, atacand, hydralazine,
        spironolactone, aldactone, triamterene, maxzide, dyazide, quinapril, accupril, captopril
    """,
    "Beta-blocker": """
        metoprolol, lopressor, toprol, toprol xl, atenolol, tenormin, propranolol, inderal,
        carvedilol, coreg, bisoprolol, nadolol, labetalol, nebivolol, bystolic
    """,
    "Calcium Cannel Blocker": """
        amlodipine, norvasc, nifedipine, procardia, adalat, diltiazem, cardizem, verapamil,
        calan, felodipine, nicardipine, nimodipine
    """,
    "Anti-infectives": """
        amoxicillin, augmentin, cephalexin, keflex, ciprofloxacin, cipro, levofloxacin, levaquin,
        azithromycin, zithromax, z-pak, doxycycline, clindamycin, bactrim, sulfamethoxazole,
        trimethoprim, nitrofurantoin, macrobid, penicillin, vancomycin, metronidazole, flagyl,
        acyclovir, valacyclovir, valtrex, fluconazole, diflucan, minocycline, mupirocin,
        bactroban, rifampin, cefdinir, ceftriaxone, rocephin, linezolid, antibiotic, antibiotics
    """,
    "Antimigraine Agent": """
        sumatriptan, imitrex, rizatriptan, maxalt, zolmitriptan, zomig, eletriptan, relpax,
        naratriptan, amerge, frovatriptan, frova, almotriptan, axert, treximet, cafergot,
        ergotamine, dihydroergotamine, migranal, erenumab, aimovig, fremanezumab, ajovy,
        galcanezumab, emgality, ubrogepant, ubrelvy, rimegepant, nurtec, triptan
    """,
    "Asthma Medications": """
        albuterol, proair, ventolin, proventil, advair, symbicort, singulair, montelukast,
        flovent, spiriva, tiotropium, qvar, pulmicort, dulera, breo, xopenex, combivent,
        duoneb, ipratropium, atrovent, inhaler
    """,
    "Atypical Antipsychotic": """
        quetiapine, seroquel, aripiprazole, abilify, olanzapine, zyprexa, risperidone,
        risperdal, ziprasidone, geodon, lurasidone, latuda, paliperidone, invega, clozapine,
        clozaril, brexpiprazole, rexulti, cariprazine, vraylar, asenapine, saphris
    """,
    "Bisphosphonates": """
        alendronate, fosamax, risedronate, actonel, atelvia, ibandronate, boniva,
        zoledronic acid, reclast, zometa, pamidronate
    """,
    "Cannabinoids": "dronabinol, marinol, syndros, nabilone, cesamet, cannabis, marijuana, cannabidiol, cbd",
    "Dopamine agonists": """
        ropinirole, requip, pramipexole, mirapex, rotigotine, neupro, bromocriptine,
        cabergoline, carbidopa, levodopa, sinemet
    """,
    "Fibric Acid": "fenofibrate, tricor, trilipix, lofibra, fenoglide, antara, gemfibrozil, lopid",
    "Statin": """
        atorvastatin, lipitor, simvastatin, zocor, rosuvastatin, crestor, pravastatin,
        pravachol, lovastatin, mevacor, pitavastatin, livalo, vytorin
    """,
    "Hormones": """
        levothyroxine, synthroid, levoxyl, estradiol, estrace, premarin, progesterone,
        armour thyroid, liothyronine, cytomel, medroxyprogesterone, provera, calcitonin,
        miacalcin, teriparatide, forteo, desmopressin, growth hormone, hormone replacement, hrt
    """,
    "Impotence Agents": """
        sildenafil, viagra, tadalafil, cialis, vardenafil, levitra, staxyn, avanafil,
        stendra, alprostadil, caverject, edex
    """,
    "Injection": """
        botox, botulinum, onabotulinumtoxina, dysport, xeomin, myobloc, b12 injection,
        vitamin b12 injection, b-12 injection, toradol injection, ketorolac injection
    """,
    "Nutritional Products": """
        theramine, sentradine, trepadone, gabadone, appetrex, percura, medical food, sentra, sentra am,
        sentra pm, hypertensa, genicin, somnicin, vitamedmd, fosteum, limbrel, deplin, metanx,
        vitamin d, vitamin d3, vitamin b12, b12, b-12, vitamin c, vitamin, vitamins, multivitamin,
        fish oil, omega-3, glucosamine, chondroitin, cosamin, calcium, folic acid,
        probiotic, supplement, dietary supplement, turmeric, coq10
    """,
    "Stimulants": """
        modafinil, provigil, armodafinil, nuvigil, methylphenidate, ritalin, concerta,
        adderall, amphetamine, dextroamphetamine, vyvanse, lisdexamfetamine, focalin
    """,
    "Tumor necrosis factor (TNF) modified": """
        adalimumab, humira, etanercept, enbrel, infliximab, remicade, certolizumab, cimzia,
        golimumab, simponi
    """,
    "Viscosupplementation": """
        synvisc, synvisc-one, synvisc one, orthovisc, euflexxa, supartz, hyalgan, gel-one,
        gelsyn, monovisc, durolane, genvisc, hymovis, trivisc, visco, viscosupplementation,
        viscosupplement, hyaluronic acid, hyaluronate, hylan
    """,
}

CLASS_WORDS: dict[str, str] = {
    "Opioids": "opioid, opioids, opiate, opiates, narcotic, narcotics, opioid analgesic",
    "NSAID": (
        "nsaid, nonsteroidal anti-inflammatory, "
        "non-steroidal anti-inflammatory, anti-inflammatory, anti-inflammatories"
    ),
    "Muscle Relaxant": (
        "muscle relaxant, muscle relaxants, muscle relaxer, "
        "muscle relaxers, antispasmodic, antispasmodics"
    ),
    "Anti-epilepsy drugs": (
        "anti-epilepsy, antiepilepsy, antiepileptic, "
        "anti-epileptic, anticonvulsant, anticonvulsants, aeds"
    ),
    "Antidepressant": "antidepressant, antidepressants, tricyclic, ssri, snri",
    "Sedative-hypnotics": (
        "sleep aid, sleep aids, hypnotic, "
        "hypnotics, sleeping pill, insomnia medication, insomnia treatment"
    ),
    "Benzodiazepines": "benzodiazepine, benzodiazepines",
    "Proton Pump Inhibitors": "proton pump inhibitor, proton pump inhibitors, ppi, ppis",
    "H2 Blocker": "h2 blocker, h2 blockers, h2-blocker, histamine 2",
    "Topical Analgesics": "topical analgesic, topical analgesics, lidocaine patches",
    "Topical Compounds": "compound, compounds, compounded, topical compound, topical compounds, compounded medication",
    "Nutritional Products": "medical foods, nutritional supplement, nutritional product",
    "Antiemetic": "antiemetic, antiemetics, anti-emetic",
    "Stimulants": "stimulant, stimulants",
    "Anti-infectives": "anti-infective, antibacterial",
    "Atypical Antipsychotic": "antipsychotic, antipsychotics",
    "Antihistamine": "antihistamine, antihistamines",
}

TOPICAL_INGREDIENTS = frozenset(
    [
        *"lidocaine capsaicin menthol camphor trolamine diclofenac voltaren salicylate".split(),
        *("methyl salicylate", "diclofenac sodium", "lidocaine hcl", "lidocaine patch", "lidocaine ointment"),
    ]
)

COMPOUNDABLE = frozenset(
    {"NSAID", "Muscle Relaxant", "Anti-epilepsy drugs", "Antidepressant", "Opioids", "Misc Analgesics",
     "Adrenal Cortical Steroids", "Antihistamine", "Alpha-blocker", "Antihypertensive", "Calcium Cannel Blocker"}
)

# A combination product names several generics; the first class listed here wins.
CLASS_PRECEDENCE = (
    "Topical Compounds", "Viscosupplementation", "Injection", "Opioids", "Opoid Antagonist", "Barbiturates",
    "Muscle Relaxant", "Benzodiazepines", "Anti-epilepsy drugs", "Antidepressant", "Sedative-hypnotics",
    "Antimigraine Agent", "Topical Analgesics", "NSAID",
)
