"""Word lists that tell an English person name from a street, place or company name.

Used by privacy.detect.en.names (name runs) and privacy.detect.en.segments (which sentences
need NER).
"""

from __future__ import annotations

import re

# Lower-case words that sit inside a name between capitalized parts.
PARTICLES = frozenset(
    "van von der den de da di du del della dos das do la le ten ter bin ibn al el af zu y".split()
)
# Titles and roles written as part of a capitalized run ("Master John Smith"): cues, not name.
ROLE_WORDS = frozenset(
    "mr mrs ms miss mx dr prof sir dame madam mme mlle herr frau capt rev captain master agent "
    "patient doctor nurse driver officer engineer chief pilot "
    # Shipboard ratings and plant roles before a crew or staff name ("AB Dmitry Volkov",
    # "Bosun Leo Cruz"); Cook and Mate are surnames too and are left out.
    "ab os bosun boatswain oiler wiper messman cadet seaman seafarer surveyor electrician "
    "operator supervisor".split()
)
# Kinship words that open a run before a full name ("Son Patrick O'Brien called"): "Son" is also
# a listed given name, so it is left out only when a first and last name follow it.
KIN_WORDS = frozenset(
    "son daughter wife husband mother father brother sister grandson granddaughter grandmother "
    "grandfather aunt uncle nephew niece cousin stepson stepdaughter".split()
)
# Words that end a street name, or follow one ("Erzsébet tér 19", "Kálmán Imre u. 12").
STREET_WORDS = frozenset(
    "street st road rd avenue ave av lane ln drive dr boulevard blvd way court ct place pl "
    "square squares terrace crescent close gardens grove parkway highway hwy turnpike pass "
    "plaza mall coves cove parks gateway loop row walk alley strasse straße gasse straat "
    "laan weg vej gade gata gatan katu tie utca u tér út ulica ul str rua rue via calle "
    "avenida avda carrer piazza strada calea greens heights meadows ridge trail quay wharf "
    "pier fpo apo dpo".split()
)
# Words that open a street or place name ("Via Tasso", "San Michele", "St Georges").
PLACE_PREFIXES = frozenset(
    "via rua rue calle avenida avda carrer piazza strada calea ul ulica san santa santo são "
    "st saint sainte porto puerto fort port mount cite cité villa usns usnv uss nad".split()
)
# Words that make a capitalized run an organization (from en_person.ORG_WORDS, no particles).
ORG_WORDS = frozenset(
    "inc ltd llc plc corp corporation co company group bank university college school "
    "hospital clinic port terminal shipping logistics petrochemical chemical refinery "
    "industries international holdings association institute ministry bureau department "
    "office center centre council committee agency authority foundation fund trust services "
    "solutions systems technologies technology labs partners press media news airlines "
    "lines associates incorporated capital consulting research software economic sons "
    "brothers markets analytics ventures networks".split()
)
# Surname endings common across Slavic, Nordic, Romanian and Greek names.
SURNAME_SHAPE = re.compile(
    r"(?:ović|ević|vić|ić|ov|ova|ev|eva|ovich|evich|ski|ska|sky|cki|cka|ová|ská|ný|ná"
    r"|enko|chuk|sson|dóttir|dottir|escu|opoulos|akis|oglu|oğlu)$"
)
