"""Per-locale cue lexicons for sentiment, churn and urgency (word prefixes, matched on lowercased tokens)."""

from __future__ import annotations

# Each entry is a word prefix (matches inflected forms) or a phrase of prefixes separated by spaces.
NEGATIVE: dict[str, tuple[str, ...]] = {
    "en": ("angry", "annoy", "awful", "bad", "broken", "complain", "disappoint", "disgust", "frustrat", "furious",
           "horribl", "ridiculous", "terribl", "unacceptabl", "useless", "worst", "upset", "fed up", "joke",
           "scam", "poor", "never again", "waste", "rude", "incompetent", "shame", "outrag", "still not",
           "third time", "nobody", "no one", "ignored", "sick of", "hopeless", "pathetic", "unhappy"),
    "de": ("ärger", "verärger", "enttäusch", "schlecht", "schlimm", "frech", "unverschämt", "inakzeptabel",
           "katastroph", "furchtbar", "schrecklich", "wütend", "sauer", "unmöglich", "nutzlos", "betrug",
           "lächerlich", "zumutung", "frustrier", "immer noch nicht", "schon wieder", "niemand", "ignoriert",
           "skandal", "unzufrieden", "nie wieder", "reicht", "dreist", "miserabel"),
    "fr": ("déçu", "décevant", "déception", "inadmissible", "inacceptable", "scandal", "honte", "nul", "furieux",
           "furieuse", "énervé", "agacé", "catastroph", "horribl", "lamentabl", "ridicul", "arnaque", "colère",
           "toujours pas", "troisième fois", "personne ne", "ignoré", "insupportabl", "mécontent", "jamais plus",
           "pire", "marre", "inutile", "incompétent"),
    "es": ("enfad", "molest", "decepcion", "inaceptabl", "vergüenza", "horribl", "terribl", "fatal", "pésim",
           "indignant", "harto", "harta", "furios", "estafa", "ridícul", "inútil", "todavía no", "sigue sin",
           "tercera vez", "nadie", "ignorad", "queja", "desastre", "insatisfech", "nunca más", "lament", "peor",
           "incompetent", "cabrea"),
    "lt": ("pikt", "nusivyl", "blog", "siaub", "baisu", "nepriimtin", "gėda", "apgavyst", "juokinga",
           "nenaudingas", "vis dar ne", "vis dar nėra", "trečią kartą", "niekas", "ignoruo", "nepatenkint",
           "skandal", "niekada daugiau", "blogiausi", "nekompetent", "įsiut", "pabodo", "nesąmon", "erzin",
           "apgail"),
}

POSITIVE: dict[str, tuple[str, ...]] = {
    "en": ("thank", "great", "excellent", "love", "perfect", "happy", "helpful", "appreciat", "awesome", "amazing",
           "wonderful", "fantastic", "pleased", "glad", "brilliant", "quick", "kind", "nice"),
    "de": ("danke", "toll", "super", "prima", "perfekt", "zufrieden", "hilfreich", "freundlich", "großartig",
           "klasse", "wunderbar", "schnell", "freue", "begeistert", "lieb", "schön"),
    "fr": ("merci", "super", "génial", "parfait", "excellent", "content", "ravi", "satisfait", "aimable",
           "formidable", "top", "rapide", "efficace", "adore", "merveill", "agréabl"),
    "es": ("gracias", "genial", "perfect", "excelente", "content", "encant", "satisfech", "amable", "estupend",
           "fantástic", "rápid", "maravill", "útil", "agradec", "feliz"),
    "lt": ("ačiū", "dėkoj", "puik", "nuostab", "patenkint", "džiaug", "greit", "malon", "šaun", "labai gerai",
           "geras", "gera", "mylim", "super"),
}

NEGATORS: dict[str, tuple[str, ...]] = {
    "en": ("not", "no", "never", "n't", "hardly", "without"),
    "de": ("nicht", "kein", "keine", "nie", "niemals", "ohne"),
    "fr": ("pas", "ne", "jamais", "sans", "aucun"),
    "es": ("no", "nunca", "sin", "jamás", "ningún"),
    "lt": ("ne", "nebe", "niekada", "be"),
}

INTENSIFIERS: dict[str, tuple[str, ...]] = {
    "en": ("very", "extremely", "really", "so", "absolutely", "totally", "completely"),
    "de": ("sehr", "extrem", "wirklich", "total", "absolut", "völlig", "echt"),
    "fr": ("très", "vraiment", "extrêmement", "totalement", "complètement", "absolument"),
    "es": ("muy", "realmente", "totalmente", "absolutamente", "completamente", "súper"),
    "lt": ("labai", "visiškai", "tikrai", "itin", "baisiai"),
}

CHURN: dict[str, tuple[str, ...]] = {
    "en": ("close my account", "delete my account", "cancel my account", "never order", "never buy",
           "last time i", "shop elsewhere", "go elsewhere", "competitor", "amazon", "take my business",
           "won't be ordering", "will not order", "lost a customer", "leave a review", "bad review",
           "never again", "switching to"),
    "de": ("konto löschen", "konto kündigen", "nie wieder", "letzte mal", "woanders", "konkurrenz", "amazon",
           "nicht mehr bestellen", "kunde verloren", "schlechte bewertung", "bewertung schreiben",
           "kein kunde mehr"),
    "fr": ("supprimer mon compte", "fermer mon compte", "plus jamais", "dernière fois", "ailleurs", "concurrent",
           "amazon", "ne commanderai plus", "perdu un client", "mauvais avis", "laisser un avis"),
    "es": ("borrar mi cuenta", "cerrar mi cuenta", "eliminar mi cuenta", "nunca más", "última vez",
           "otra tienda", "competencia", "amazon", "no volveré a comprar", "no vuelvo a comprar",
           "perdido un cliente", "mala reseña", "dejar una reseña"),
    "lt": ("ištrinti paskyr", "uždaryti paskyr", "niekada daugiau", "paskutinį kartą", "kitur", "konkurent",
           "amazon", "daugiau nepirksiu", "nebepirksiu", "praradote klient", "blogą atsiliepim",
           "parašysiu atsiliepim"),
}

URGENCY: dict[str, tuple[str, ...]] = {
    "en": ("urgent", "asap", "as soon as possible", "immediately", "right now", "today", "tomorrow", "deadline",
           "before friday", "before the weekend", "birthday", "wedding", "emergency", "time-sensitive",
           "can't wait", "need it by"),
    "de": ("dringend", "sofort", "umgehend", "schnellstmöglich", "heute", "morgen", "frist", "bis freitag",
           "geburtstag", "hochzeit", "notfall", "eilig", "asap"),
    "fr": ("urgent", "urgence", "immédiatement", "tout de suite", "au plus vite", "aujourd'hui", "demain",
           "délai", "avant vendredi", "anniversaire", "mariage", "dès que possible"),
    "es": ("urgente", "urgencia", "inmediatamente", "cuanto antes", "lo antes posible", "hoy", "mañana",
           "plazo", "antes del viernes", "cumpleaños", "boda", "ya mismo"),
    "lt": ("skub", "nedelsiant", "kuo greičiau", "šiandien", "rytoj", "terminas", "iki penktadienio",
           "gimtadien", "vestuv", "neatidėliotin", "tuoj pat"),
}

# Legal threats and safety hazards: always high urgency; the gate sends them to a person.
LEGAL: dict[str, tuple[str, ...]] = {
    "en": ("lawyer", "attorney", "legal action", "sue", "court", "chargeback", "consumer protection",
           "trading standards", "ombudsman", "small claims"),
    "de": ("anwalt", "rechtsanwalt", "klage", "gericht", "rechtliche schritte", "verbraucherzentrale",
           "rückbuchung", "chargeback", "verbraucherschutz"),
    "fr": ("avocat", "poursuite", "tribunal", "justice", "plainte", "rétrofacturation", "chargeback",
           "protection des consommateurs", "dgccrf", "médiateur"),
    "es": ("abogado", "demanda", "tribunal", "juzgado", "denuncia", "acciones legales", "contracargo",
           "chargeback", "consumo", "protección al consumidor", "ocu"),
    "lt": ("advokat", "teism", "ieškin", "skųsiu", "vartotojų teisių", "vvtat", "chargeback", "teisinių veiksmų"),
}

SAFETY: dict[str, tuple[str, ...]] = {
    "en": ("fire", "smoke", "smoking", "overheat", "burn", "melted", "exploded", "explosion", "electric shock",
           "sparks", "injur", "hazard", "dangerous"),
    "de": ("feuer", "brand", "rauch", "überhitz", "verbrannt", "geschmolzen", "explodiert", "stromschlag",
           "funken", "verletz", "gefährlich"),
    "fr": ("feu", "incendie", "fumée", "surchauffe", "brûl", "fondu", "explos", "choc électrique", "étincelle",
           "bless", "dangereu"),
    "es": ("fuego", "incendio", "humo", "sobrecalent", "quemad", "derretid", "explot", "descarga eléctrica",
           "chispa", "herid", "peligros"),
    "lt": ("gaisr", "ugn", "dūm", "perkait", "sudeg", "išsilyd", "sprogo", "sprogim", "elektros smūg",
           "kibirkšt", "sužeid", "pavojing"),
}
