"""Per-locale cue lexicons for sentiment, churn and urgency (word prefixes, matched on lowercased tokens)."""

from __future__ import annotations

# Each entry is a word prefix (matches inflected forms) or a phrase of prefixes separated by spaces; a word ending
# in "$" matches that whole word only and one ending in an apostrophe any word it starts ("d'" for "d'avance").
# Tokens never hold hyphens: write "pouvez vous", not "pouvez-vous". Sentiment cues match with or without
# diacritics in fr, es and lt.
# Where cues overlap, the longer one wins ("thanks for nothing" is not "thanks").

# --- sentiment ------------------------------------------------------------------------------------------------------

# Anger, insults and verdicts: weigh most.
STRONG_NEGATIVE: dict[str, tuple[str, ...]] = {
    "en": ("unacceptabl", "ridiculous", "outrag", "disgrace", "disgust", "appall", "atrocious", "shocking", "scandal",
           "scam", "fraud", "rip off", "ripoff", "rubbish", "garbage", "trash", "crap", "worst", "pathetic", "joke",
           "furious", "livid", "fuming", "horribl", "terribl", "awful", "useless", "incompetent", "fed up", "sick of",
           "thanks for nothing", "thank you for nothing", "never again", "waste of", "insult", "shameful", "how dare",
           "absurd", "nightmare", "hopeless", "lousy", "dreadful", "abysmal", "kidding me", "disaster",
           "enough is enough", "had enough", "robbery", "junk"),
    "de": ("unverschämt", "frechheit", "inakzeptabel", "unakzeptabel", "skandal", "katastroph", "zumutung", "betrug",
           "betrüg", "abzocke", "lächerlich", "schrott", "mist$", "müll", "witz$", "furchtbar", "schrecklich",
           "grauenhaft", "miserabel", "wütend", "stinksauer", "unmöglich", "nutzlos", "nie wieder", "danke für nichts",
           "unfassbar", "dreist", "reicht mir", "schlimmste", "schlechteste", "armselig", "peinlich", "verarsch",
           "empör", "sauerei", "desaster", "unterirdisch", "zum kotzen", "die nase voll"),
    "fr": ("inadmissibl", "inacceptabl", "scandal", "honte", "honteu", "lamentabl", "pitoyabl", "catastroph",
           "arnaque", "escroc", "escroquer", "voleur", "n'importe quoi", "merde", "furieu", "révolt", "insupportabl",
           "incompétent", "ça suffit", "marre", "moqu", "foutez", "merci pour rien", "plus jamais", "jamais plus",
           "pire", "désastre", "ras le bol", "nul$", "nulle$", "nuls$", "absurde", "cauchemar", "déplorabl",
           "minable", "foutage", "camelote"),
    "es": ("inaceptabl", "inadmisibl", "vergüenza", "vergonzos", "escándalo", "estafa", "timo$", "engaño", "fraude",
           "porquería", "basura", "mierda", "desastre", "lamentable", "pésim", "horribl", "terribl", "indignant",
           "indignad", "furios", "harto", "harta", "hasta las narices", "gracias por nada", "nunca más", "peor",
           "ridícul", "inútil", "incompetent", "cabrea", "penoso", "patétic", "asco", "de risa", "una broma",
           "cachondeo", "chapuza", "impresentable"),
    "lt": ("nepriimtin", "gėda", "skandal", "apgavyst", "sukčiav", "apgavik", "šlamšt", "siaub", "baisu", "baisus",
           "katastrof", "juokinga", "tyčio", "įsiut", "nesąmon", "niekada daugiau", "daugiau niekada",
           "ačiū už nieką", "blogiausi", "nekompetent", "apgail", "nusibodo", "pabodo", "užteks", "šlykšt", "absurd",
           "nenormalu", "skandalinga", "pasibaisėtin", "chamišk", "nesąžining", "apgaul"),
}

# Dissatisfaction, disappointment, demands, being ignored, things still not done.
NEGATIVE: dict[str, tuple[str, ...]] = {
    "en": ("angry", "annoy", "bad", "poor", "disappoint", "frustrat", "upset", "unhappy", "dissatisf", "rude",
           "ignor", "complain", "ruined", "nobody", "no one", "no response", "no reply", "no answer",
           "never received", "never arrived", "still not", "still no", "still nothing", "still waiting",
           "still haven't", "still hasn't", "still doesn't", "third time", "fourth time", "yet again", "lied", "liar",
           "misleading", "unprofessional", "sloppy", "money back", "shame", "sucks", "hate", "unbelievable",
           "can't believe", "cant believe", "cannot believe", "worse", "careless", "not acceptable", "irritat",
           "pissed", "nonsense", "i demand", "how many times", "how often do i", "you people", "how you treat"),
    "de": ("ärger", "verärger", "enttäusch", "schlecht", "schlimm", "sauer", "frustrier", "unzufrieden", "genervt",
           "nervig", "unfreundlich", "ignoriert", "niemand", "keiner", "keine antwort", "keine rückmeldung",
           "keine reaktion", "immer noch nicht", "immer noch kein", "noch immer nicht", "noch immer kein",
           "schon wieder", "zum dritten mal", "dritte mal", "vierte mal", "geld zurück", "nicht zu fassen",
           "kann nicht glauben", "schade", "beschwer", "unprofessionell", "chaos", "inkompetent", "unseriös",
           "gelogen", "ärgerlich", "mehrfach", "mehrmals", "verlange", "fordere", "wie oft"),
    "fr": ("déçu", "déçue", "décevant", "déception", "mécontent", "énervé", "énervant", "agacé", "agaçant", "colère",
           "ridicul", "horribl", "inutile", "mauvais", "mal$", "personne ne", "personne n'", "aucune réponse",
           "sans réponse", "toujours pas", "toujours rien", "toujours aucun", "troisième fois", "quatrième fois",
           "ignor", "plainte", "pas normal", "irrespectueu", "mépris", "mensonge", "dégoûté", "bâclé", "j'exige",
           "exige", "combien de fois", "silence radio"),
    "es": ("enfad", "molest", "decepci", "mal$", "mala$", "malo$", "malísim", "fatal", "queja", "quejar",
           "insatisfech", "descontent", "disgust", "nadie", "ninguna respuesta", "sin respuesta", "sigue sin",
           "sigue igual", "siguen sin", "tercera vez", "cuarta vez", "lament", "mentira", "falta de respeto",
           "poco serio", "exijo", "cuántas veces", "no me lo puedo creer", "no hay manera"),
    "lt": ("pikt", "nusivyl", "blog", "nepatenkint", "erzin", "susierzin", "nervin", "skund", "ignoruo", "niekas",
           "jokio atsakymo", "negavau atsakymo", "vis dar ne", "vis dar nėra", "vis dar negavau", "vis nėra",
           "trečią kartą", "ketvirtą kartą", "ne pirmą kartą", "nemandag", "neprofesional", "gaila", "nenaudinga",
           "nesupranta", "neatsak", "neišspręst", "pinigus atgal", "pinigų atgal", "pasipiktin", "netvarka",
           "melas", "meluoj", "reikalauju", "kiek kartų", "negaliu patikėti", "priekaišt"),
}

# Problems, delays and repetition: weak alone (a problem report is not a complaint), decisive together.
COMPLAINT: dict[str, tuple[str, ...]] = {
    "en": ("broken", "damaged", "defective", "faulty", "missing", "wrong", "leak", "crash", "stopped working",
           "not working", "doesn't work", "does not work", "won't work", "late$", "delay", "on hold", "twice",
           "three times", "weeks", "a month", "months", "why$", "promised", "supposed to", "still$", "charged",
           "keeps", "every time", "waiting", "worried", "so hard", "loyal customer", "without telling",
           "without even", "without any", "my fault", "doesn't understand", "real person", "a human", "automated",
           "automatic", "canned", "copy paste"),
    "de": ("kaputt", "beschädigt", "fehlt", "fehlen", "falsch", "defekt", "undicht", "funktioniert nicht",
           "geht nicht", "zu spät", "verspät", "warteschleife", "zweimal", "dreimal", "doppelt", "wochen", "monat",
           "warum", "wieso", "weshalb", "versprochen", "soll ich", "immer noch", "auch noch", "abgebucht",
           "jedes mal", "leider", "warte", "ohne bescheid", "meine schuld", "versteht", "mit einem menschen",
           "automatisch", "textbaustein", "standardantwort"),
    "fr": ("abîmé", "endommagé", "cassé", "défectueu", "manquant", "manque", "erroné", "fuit", "fuite", "plante",
           "ne marche", "ne fonctionne", "marche plus", "fonctionne plus", "en retard", "retard", "deux fois",
           "trois fois", "semaines", "un mois", "pourquoi", "promis", "vous deviez", "toujours$", "débité",
           "attends", "attendre", "chaque fois", "en morceaux", "sans prévenir", "ma faute", "ne comprend",
           "un humain", "automatique", "copier coller", "réponse type"),
    "es": ("roto", "rota", "dañad", "defectuos", "estropead", "falta", "faltan", "equivocad", "incorrect",
           "no funciona", "dejó de funcionar", "retraso", "tarde$", "dos veces", "tres veces", "semanas", "un mes",
           "meses", "por qué", "porqué", "prometieron", "prometido", "todavía no", "aún no", "cobrado",
           "esperando", "no contesta", "no responde", "no ha llegado", "cada vez", "sin avisar", "mi culpa",
           "no entiende", "una persona", "reclamación", "reclamo", "automático", "automática", "plantilla"),
    "lt": ("sugedo", "sugedęs", "sugedusi", "sulūž", "sugadint", "pažeist", "brokuot", "brok", "trūksta",
           "netinkam", "neteising", "neveik", "nebeveik", "vėluoja", "vėlav", "pavėl", "du kartus", "tris kartus",
           "savaič", "savaitę", "savaites$", "mėnes", "kodėl", "pažadėj", "žadėj", "nuskaič", "iki šiol", "laukiu",
           "nieko negavau", "vis tiek", "kiekvieną kartą", "nepranešę", "nepranešus", "mano kaltė",
           "su žmogumi", "automatin", "šablon"),
}

POSITIVE: dict[str, tuple[str, ...]] = {
    "en": ("great", "excellent", "love", "perfect", "happy", "helpful", "appreciat", "awesome", "amazing",
           "wonderful", "fantastic", "pleased", "glad", "brilliant", "kind$", "kindly", "kindness", "nice", "superb",
           "outstanding", "impress", "delight", "lovely", "well done", "legend", "satisf", "recommend", "friendly",
           "patient", "professional", "efficient", "reliable", "good job", "great job", "good service", "all good",
           "made my day", "the best", "thrilled", "grateful", "top notch", "spot on", "beautiful", "gorgeous",
           "fabulous", "above and beyond", "lifesaver"),
    "de": ("toll", "super", "prima", "perfekt", "zufrieden", "hilfreich", "freundlich", "großartig", "klasse",
           "wunderbar", "begeistert", "spitze", "top$", "genial", "hervorragend", "ausgezeichnet", "exzellent",
           "fantastisch", "empfehl", "glücklich", "froh$", "freue", "gefällt", "einwandfrei", "bestens", "nett",
           "geduldig", "kompetent", "zuverlässig", "vorbildlich", "lob$", "loben", "respekt", "dankbar", "alles gut",
           "sehr gut", "gut gemacht", "sensationell"),
    "fr": ("super", "génia", "parfait", "excellent", "content", "ravi", "satisfait", "aimable", "formidable", "top$",
           "efficace", "adore", "merveill", "agréabl", "adorabl", "au top", "impeccable", "nickel", "recommand",
           "sympa", "gentil", "patient", "professionnel", "bienveillant", "heureux", "heureuse", "enchanté",
           "fantastique", "magnifique", "meilleur", "chapeau", "reconnaissant", "un plaisir"),
    "es": ("genial", "perfect", "excelente", "encant", "satisfech", "amable", "amabilidad", "estupend", "fantástic",
           "maravill", "feliz", "content", "buenísim", "magnífic", "espectacular", "recomiend", "recomendar", "majo",
           "maja", "atent", "profesional", "eficaz", "eficient", "lo mejor", "bonit", "precios", "ideal",
           "un placer", "de lujo", "impecable", "agradecid", "un sol$", "da gusto", "de diez", "crack",
           "nada que objetar"),
    "lt": ("puik", "nuostab", "patenkint", "džiaug", "malon", "šaun", "super", "labai gerai", "geras", "gera$",
           "rekomenduo", "mylim", "myliu", "patink", "patiko", "nepriekaišting", "profesional", "kantr", "paslaugi",
           "paslaugus", "tobul", "idealiai", "fantastiš", "geriausi", "šaunuol", "operatyv", "dėkingas", "dėkinga",
           "labai padėjo", "padėjote"),
}

# Mild praise, good outcomes (quick, solved, works, better) and closing wishes ("have a nice day").
MILD_POSITIVE: dict[str, tuple[str, ...]] = {
    "en": ("quick", "fast", "prompt", "speedy", "sorted", "solved", "resolved", "fixed", "smooth", "cool", "good$",
           "fine$", "easy", "works$", "on time", "early$", "better$", "have a nice", "have a good", "have a great"),
    "de": ("schnell", "flott", "zügig", "gut$", "gute$", "guter$", "gutes$", "gelöst", "geklärt", "erledigt",
           "schön", "pünktlich", "rechtzeitig", "unkompliziert", "funktioniert", "passt", "besser"),
    "fr": ("rapide", "rapidement", "vite", "réactivité", "réactif", "résolu", "réglé", "bon$", "bonne$", "bien$",
           "facile", "fonctionne", "marche$", "ok$", "mieux"),
    "es": ("rápid", "rapidez", "pronto", "antes de lo", "bien$", "bueno", "buena", "buen$", "resuelto",
           "solucionad", "fácil", "a tiempo", "funciona", "mejor$"),
    "lt": ("greit", "gerai", "graž", "sutvark", "išspręst", "išsprend", "padėjo", "veikia$", "lengvai", "paprastai",
           "geresn", "gražesn", "geros dienos", "gražios dienos", "gero savaitgalio"),
}

# Thanks: gratitude when the message thanks for something, courtesy when it closes a request.
THANKS: dict[str, tuple[str, ...]] = {
    "en": ("thank", "thanks", "thx", "thanx", "ty$", "cheers", "many thanks", "much appreciated"),
    "de": ("danke", "dank$", "bedank", "dankeschön", "merci"),
    "fr": ("merci", "remercie", "remercier", "remerciement"),
    "es": ("gracias", "agradec", "agradezco"),
    "lt": ("ačiū", "dėkoj", "dėkui", "padėkot"),
}

# A customer who says they are leaving is unhappy: multi-word CHURN cues count as blame too (see sentiment.py).

# Greetings, sign-offs and "thanks in advance": carry no sentiment, and the words inside them do not count.
FORMULAS: dict[str, tuple[str, ...]] = {
    "en": ("thanks in advance", "thank you in advance", "in advance", "kind regards", "best regards",
           "warm regards", "best wishes", "regards", "good morning", "good afternoon", "good evening", "good day",
           "what kind of", "kind of", "dear sir", "dear madam", "dear team", "dear support", "to whom it may concern",
           "yours faithfully", "yours sincerely", "looking forward", "best$"),
    "de": ("vielen dank im voraus", "danke im voraus", "im voraus", "vorab vielen dank", "vorab danke",
           "mit freundlichen grüßen", "freundliche grüße", "freundlichen gruß", "beste grüße", "viele grüße",
           "schöne grüße", "liebe grüße", "herzliche grüße", "lg$", "mfg$", "guten tag", "guten morgen",
           "guten abend", "sehr geehrte", "sehr geehrter", "sehr geehrtes", "liebes team", "hallo"),
    "fr": ("merci d'avance", "merci par avance", "d'avance merci", "par avance", "merci de", "merci d'",
           "cordialement", "bien cordialement", "bien à vous", "salutations", "bonjour", "bonsoir", "madame",
           "monsieur", "chère équipe", "cher service", "veuillez agréer", "je vous prie", "dans l'attente"),
    "es": ("gracias de antemano", "gracias por adelantado", "de antemano", "por adelantado", "un saludo",
           "saludos", "un cordial saludo", "cordial saludo", "cordiales saludos", "atentamente", "buenos días",
           "buenas tardes", "buenas noches", "buenas$", "estimados señores", "estimado", "estimada", "estimados",
           "hola", "muchas gracias de antemano", "un abrazo", "quedo a la espera"),
    "lt": ("iš anksto dėkoju", "iš anksto ačiū", "iš anksto", "pagarbiai", "laba diena", "labas rytas",
           "labas vakaras", "labas$", "sveiki", "gerbiamieji", "gerbiamas", "gerbiama", "linkėjimai", "kuo greičiau",
           "su pagarba", "laukiu atsakymo"),
}

# Polite requests and questions: the message asks for something, so a closing "thanks" is courtesy.
REQUEST: dict[str, tuple[str, ...]] = {
    "en": ("could you", "can you", "can u", "would you", "please", "pls", "plz", "is it possible", "i'd like",
           "i would like", "do you", "is there", "how do", "how can", "can i", "could i", "let me know", "wondering",
           "any update", "any news", "quick question", "what is", "what are", "where can", "when will"),
    "de": ("können sie", "könnten sie", "kann ich", "kann man", "könnt ihr", "könntet ihr", "bitte", "ich möchte",
           "ich hätte gern", "ich würde gern", "gibt es", "wie kann", "wie funktioniert", "wissen sie", "haben sie",
           "ist es möglich", "wäre es möglich", "kurze frage", "nachfragen", "muss ich", "wo finde", "wo kann",
           "wann wird", "würden sie"),
    "fr": ("pourriez vous", "pouvez vous", "vous pouvez", "pourrais je", "puis je", "est ce que", "est il possible",
           "je souhaiterais", "je souhaite", "je voudrais", "j'aimerais", "s'il vous plaît", "svp", "y a t il",
           "comment", "quand", "petite question", "faut il", "merci d'", "merci de", "avez vous"),
    "es": ("me podéis", "podéis", "podría", "podrían", "puede$", "pueden", "puedo", "se puede", "por favor",
           "quería", "quisiera", "me gustaría", "es posible", "una pregunta", "cómo$", "como$", "cuándo", "cuando$",
           "dónde", "sabéis", "saben", "me ayudáis", "me ayudan", "necesito saber", "cuál"),
    "lt": ("gal galite", "gal galit", "ar galite", "ar galėtumėte", "galėtumėte", "ar galima", "ar galiu",
           "prašau", "prašyčiau", "norėčiau", "ar yra", "kaip$", "kada$", "kur$", "ar$", "klausimas"),
}

# The clause after these weighs more ("thanks, but it is still broken").
CONTRAST: dict[str, tuple[str, ...]] = {
    "en": ("but$", "however", "except that"),
    "de": ("aber$", "jedoch", "allerdings", "trotzdem", "dennoch"),
    "fr": ("mais$", "pourtant", "cependant", "par contre", "sauf que", "toutefois"),
    "es": ("pero$", "sin embargo", "no obstante"),
    "lt": ("bet$", "tačiau", "o$", "vis dėlto"),
}

NEGATORS: dict[str, tuple[str, ...]] = {
    "en": ("not", "no", "never", "n't", "nobody", "hardly", "without", "none", "nor", "neither", "cannot", "cant",
           "dont", "doesnt", "didnt", "isnt", "wasnt", "wont", "havent", "hasnt", "arent", "wouldnt", "couldnt"),
    "de": ("nicht", "kein", "keine", "keinen", "keinem", "keiner", "keines", "nie", "niemals", "ohne", "nichts",
           "kaum", "weder", "nein", "niemand"),
    "fr": ("pas", "ne", "n'", "jamais", "sans", "aucun", "aucune", "rien", "ni", "plus"),
    "es": ("no", "nunca", "sin", "jamás", "ningún", "ninguna", "ninguno", "nada", "tampoco", "ni", "nadie"),
    "lt": ("ne", "nebe", "niekada", "be", "nėra", "nebuvo", "nesu", "nebus", "neturiu", "neturi", "jokių", "jokio",
           "jokios", "joks", "jokie", "nieko", "niekas"),
}

INTENSIFIERS: dict[str, tuple[str, ...]] = {
    "en": ("very", "extremely", "really", "so", "absolutely", "totally", "completely", "incredibly", "truly",
           "utterly", "at all", "so much", "a lot", "highly", "deeply", "super", "most", "such", "whatsoever"),
    "de": ("sehr", "extrem", "wirklich", "total", "absolut", "völlig", "echt", "überhaupt", "gar", "so", "besonders",
           "vielen", "herzlich", "äußerst", "mega", "voll", "wahnsinnig", "ganz", "lieben", "tausend"),
    "fr": ("très", "vraiment", "extrêmement", "totalement", "complètement", "absolument", "du tout", "tellement",
           "beaucoup", "infiniment", "mille", "trop", "si$"),
    "es": ("muy", "realmente", "totalmente", "absolutamente", "completamente", "súper", "nada", "muchas",
           "muchísim", "mil", "tan$", "de verdad", "tanto", "mucho", "sumamente", "bastante"),
    "lt": ("labai", "visiškai", "tikrai", "itin", "baisiai", "visai", "ypač", "nepaprastai", "be galo", "taip",
           "tiesiog", "nuoširdžiai"),
}

# Emoji and emoticons, matched on the raw text; sarcasm markers turn praise in the same message into blame.
EMOJI_NEGATIVE = ("😡", "😠", "🤬", "😤", "😞", "😢", "😭", "😒", "👎", "💩", "🤦", "😩", "😫", "😣", "☹", "🙁",
                  "😑", "😖", ":(", ":-(", ":'(")
EMOJI_SARCASM = ("🙄", "🙃", "😏")
EMOJI_POSITIVE = ("🙂", "😊", "😀", "😃", "😄", "😁", "😍", "🥰", "❤", "💙", "💚", "💜", "🧡", "👍", "🙏", "🎉",
                  "😘", "⭐", "🌟", "💯", "👌", "🤩", "☺", "🥳", "💪", ":)", ":-)", ":D", ":-D", "<3")

CHURN: dict[str, tuple[str, ...]] = {
    "en": ("close my account", "delete my account", "cancel my account", "never order", "never buy",
           "last time i", "shop elsewhere", "go elsewhere", "competitor", "amazon", "take my business",
           "won't be ordering", "will not order", "lost a customer", "leave a review", "bad review",
           "never again", "switching to", "won't be back", "not coming back", "never shop"),
    "de": ("konto löschen", "konto kündigen", "nie wieder", "letzte mal", "woanders", "konkurrenz", "amazon",
           "nicht mehr bestellen", "kunde verloren", "schlechte bewertung", "bewertung schreiben",
           "kein kunde mehr", "nie mehr bei", "nicht mehr bei ihnen", "letzte bestellung"),
    "fr": ("supprimer mon compte", "fermer mon compte", "plus jamais", "dernière fois", "ailleurs", "concurrent",
           "amazon", "ne commanderai plus", "perdu un client", "mauvais avis", "laisser un avis",
           "ne reviendrai"),
    "es": ("borrar mi cuenta", "cerrar mi cuenta", "eliminar mi cuenta", "nunca más", "última vez",
           "otra tienda", "competencia", "amazon", "no volveré a comprar", "no vuelvo a comprar", "no pienso volver",
           "no volveré", "perdido un cliente", "mala reseña", "dejar una reseña"),
    "lt": ("ištrinti paskyr", "uždaryti paskyr", "niekada daugiau", "paskutinį kartą", "kitur", "konkurent",
           "amazon", "daugiau nepirksiu", "nebepirksiu", "praradote klient", "blogą atsiliepim",
           "parašysiu atsiliepim"),
}

URGENCY: dict[str, tuple[str, ...]] = {
    "en": ("urgent", "asap", "as soon as possible", "immediately", "right now", "today", "tomorrow", "deadline",
           "before friday", "before the weekend", "birthday", "wedding", "emergency", "time sensitive",
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
