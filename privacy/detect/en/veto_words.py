"""Clinical vocabulary that vetoes English PERSON / LOCATION readings: eponymous devices and
instruments, the nouns that follow an eponym, drug names (drug-named-entity-recognition's
shipped dictionary) and the shapes of drug and clinical words."""

from __future__ import annotations

import bz2
import importlib.util
import logging
import pickle
import re
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

# Sutures, dressings, antiseptics, haemostats, devices and instruments named after a person or
# sold under a brand that reads like a name (lower case; hyphenated forms as written).
DEVICE_EPONYMS = frozenset(
    """vicryl monocryl prolene ethibond dexon maxon nurolon surgilon tevdek mersilene ticron
    dermabond steri-strips steri-strip tegaderm telfa kerlix xeroform adaptic coban webril kling
    betadine hibiclens duraprep chloraprep mastisol benzoin gelfoam surgicel avitene floseal
    thrombin-jmi bovie foley jackson-pratt hemovac blake penrose pleur-evac metzenbaum mayo
    kelly allis babcock richardson deaver bookwalter army-navy senn weitlaner gelpi adson debakey
    kocher ochsner crile kerrison cobb freer penfield frazier yankauer poole doyen satinsky potts
    castroviejo westcott esmarch bard-parker ligasure hemoclips hemoclip liga-clips endo-gia
    viscoat healon provisc miochol miostat doyle merocel silastic teflon dacron gore-tex
    medtronic stryker zimmer synthes depuy ethicon covidien olympus storz trendelenburg fowler
    mallampati apgar glasgow gleason stamm pfannenstiel kocher langenbeck hohmann homan
    sayre volkmann lahey mixter schnidt tonsil-snare bakes randall desjardins finochietto
    balfour harrington heaney mcburney rochester-pean pean sims graves pederson auvard
    bozeman jacobs tenaculum hegar pratt sarot lambotte verbrugge weber-fergusson luer
    kittner peanut raytec lap-pad ioban opsite duoderm aquacel xeroflo vaseline bacitracin
    neosporin polysporin bactiseal endoloop superblade progav polystan merocel kling op-site
    band-aid codman hakim judkins veress nezhat delee swan-ganz hickman broviac groshong
    port-a-cath mediport ambu venturi jelco angiocath heimlich valsalva tinel phalen lachman
    mcmurray babinski romberg mcburney bier bair hugger hudson sengstaken minnesota salem
    dobhoff levin malecot pigtail tenckhoff quinton permcath greenfield palmaz wallstent
    amplatz seldinger cordis tuohy whitacre quincke sprotte mcintosh miller macintosh glidescope
    lma cidex steri-drape jackson frazier-suction lembert connell halsted gambee cushing
    parker-kerr smead-jones dexon-s pds-ii chromic""".split()
)
# Nouns that follow an eponym: "Kelly clamp", "Foley catheter", "Doyle splints".
INSTRUMENT_NOUNS = frozenset(
    """clamp clamps scissors retractor retractors forceps catheter catheters needle needles
    stitch stitches suture sutures elevator elevators hemostat hemostats dissector dissectors
    rongeur rongeurs curette curettes speculum stent stents splint splints drain drains tube
    tubes cannula cannulas trocar trocars blade blades knife stand tray clip clips staple
    staples stapler sponge sponges dressing dressings pad pads cautery electrocautery maneuver
    manoeuvre sign test position incision procedure operation syndrome disease fracture reflex
    score scale classification knot knots technique shunt valve pump bag tip probe hook hooks
    spreader punch rasp osteotome drill mask laryngoscope scope plate plates screw screws nail
    wire wires pin pins tourniquet bandage tape gauze frame holder lens implant graft mesh
    solution prep drape drapes unit units bed tongs bur burr saw chisel mallet gouge cement
    irrigation irrigator aspirator suction coagulator bipolar monopolar electrode electrodes
    pouch reservoir balloon sheath wedge boot brace collar cast cuff tubing dilator dilators
    silk taper guide component components fascia muscle triangle canal space line node gland
    duct membrane layer block cyst sponge packing icu ward nursery suite lab laboratory
    regimen protocol approach repair closure flap view projection criteria classification
    grade stage type bone joint sinus capsule area zone palsy virus viruses cell cells titer
    titers titre titres phenomenon lymphoma sarcoma tumor tumour encephalitis ulcer anomaly
    malformation nodule nodules bodies""".split()
)
# Section headings and everyday clinical nouns that open a line capitalized ("Anesthesia:").
CLINICAL_WORDS = frozenset(
    """anesthesia anaesthesia hemostasis haemostasis diagnosis diagnoses procedure procedures
    indication indications findings finding impression assessment plan disposition history
    complications complication specimen specimens drains drain estimated blood loss fluids
    allergies medications medication physical examination exam review systems subjective
    objective recommendations recommendation consultation consult discharge admission
    operative postoperative preoperative intraoperative anesthetic anaesthetic sedation
    analgesia hematuria haematuria dysuria septum iris cornea retina sclera pupil conjunctiva
    abdomen pelvis thorax cervix uterus ovary bladder urethra prostate kidney liver spleen
    pancreas colon rectum anus duodenum jejunum ileum cecum appendix esophagus stomach trachea
    bronchus lung pleura heart aorta artery vein femur tibia fibula humerus radius ulna
    patella clavicle scapula sternum sacrum coccyx vertebra skull mandible maxilla larynx
    pharynx tonsil adenoid sinus nasal ear eye skin fascia muscle tendon ligament cartilage
    nerve spine dura mastoid temporal parietal occipital frontal lumbar thoracic cervical
    sacral inguinal femoral axillary brachial popliteal carotid jugular subclavian
    sterile prepped draped supine prone lateral lithotomy headache headaches nausea
    vomiting fever chills cough dyspnea edema erythema tenderness swelling pain acute chronic
    benign malignant bilateral unilateral varicose hemorrhoids hernia stenosis""".split()
) | frozenset(
    # RxNorm dose units and forms ("Clopidogrel 75 MG Oral Tablet": Oral is a listed first
    # name) and LOINC specimens ("Albumin [Mass/volume] in Serum or Plasma").
    """mg mcg ml meq unt tablet tablets caplet capsule capsules chewable injectable injection
    solution suspension syrup elixir inhaler lozenge suppository ointment lotion transdermal
    topical sublingual prefilled syringe auto-injector serum plasma urine stool
    creatinine""".split()
)
# Words of a measuring instrument named after a person or a thing ("Morse Fall Scale",
# "Patient Health Questionnaire Nine Item"): after a span's first word they make the whole an
# instrument, not someone, title word or not.
INSTRUMENT_HEADS = frozenset("scale score questionnaire inventory index".split())
# Brand and combination drugs the drug dictionary lacks (it lists generic names and most brands).
BRAND_DRUGS = frozenset(
    """vicodin percocet norco lortab lorcet tylox endocet roxicet darvocet tylenol motrin advil
    aleve excedrin toradol ultram ultracet dilaudid demerol keflex ancef duricef bactrim augmentin
    zofran phenergan reglan benadryl ativan xanax valium ambien restoril lasix coumadin lovenox
    protonix pepcid colace dulcolax senokot miralax flexeril robaxin soma neurontin lyrica
    versed diprivan marcaine sensorcaine xylocaine duramorph sublimaze narcan""".split()
)
# Endings of drug and clinical terms (generic stems, brand-like suffixes, pathology words);
# a listed personal name never loses to a shape alone.
CLINICAL_SHAPE = re.compile(
    r"(?:itis|osis|ectomy|otomy|ostomy|oscopy|plasty|rrhaphy|pexy|emia|aemia|uria|algia|"
    r"pathy|trophy|plegia|paresis|cele|rrhea|rrhoea|oma|cyte|genic|mab|nib|cillin|mycin|"
    r"statin|sartan|pril|olol|azole|dipine|vir|cycline|caine|profen|oxacin|floxacin|parin|"
    r"zepam|azepam|tidine|prazole|triptan|setron|dronate|gliptin|glitazone|lukast|"
    r"terol|sone|olone|asone|cryl|derm|oid|oids)$",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def drug_names() -> frozenset[str]:
    """Lower-case one-word drug names and brands from drug-named-entity-recognition's shipped
    dictionary (read from its package data: no network); empty when the package is absent."""
    # Read the shipped file without importing the package: its __init__ builds n-gram indexes
    # over the whole dictionary (seconds) that the veto does not need.
    spec = importlib.util.find_spec("drug_named_entity_recognition")
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    try:
        path = Path(folders[0]) / "drug_ner_dictionary.pkl.bz2"
        with bz2.open(path, "rb") as handle:
            table = pickle.load(handle)["drug_variant_to_canonical"]  # noqa: S301 (package data)
    except (IndexError, FileNotFoundError, KeyError, OSError) as exc:
        log.warning("drug dictionary unavailable (%s): drug names are not vetoed", exc)
        return frozenset()
    return frozenset(w for w in table if " " not in w and len(w) >= 4)
