"""Every fixed word the pipeline writes itself, in both målformer (nynorsk and bokmål).

The deck, the guide, the worksheets and the lederplakat all take their words from here, so a
word is changed, or a målform added, in one place. Keys are unique across all outputs: where
two outputs write different words for a similar idea, the keys differ too (the deck's
`total` is "Totalt", the documents' `total_time` is "Tid i alt").
"""

from __future__ import annotations

from pipeline.model.types import Malform

WORDS: dict[str, dict[Malform, str]] = {
    # ---- shared by the deck and the documents
    "time": {"nn": "Tid", "nb": "Tid"},
    "topic": {"nn": "Tema", "nb": "Tema"},
    "pause": {"nn": "Pause", "nb": "Pause"},
    "lunsj": {"nn": "Lunsj", "nb": "Lunsj"},
    "individuelt": {"nn": "Individuelt", "nb": "Individuelt"},
    "duo": {"nn": "Duo", "nb": "Duo"},
    "gruppe": {"nn": "Gruppe", "nb": "Gruppe"},
    "plenum": {"nn": "Plenum", "nb": "Plenum"},
    "name": {"nn": "Namn", "nb": "Navn"},
    "page": {"nn": "Side", "nb": "Side"},
    "minutes": {"nn": "min", "nb": "min"},
    "program": {"nn": "Program for samling", "nb": "Program for samling"},
    "main_theme": {"nn": "Hovudtema", "nb": "Hovedtema"},
    "mellomarbeid": {"nn": "Mellomarbeid", "nb": "Mellomarbeid"},
    "continued": {"nn": "forts.", "nb": "forts."},
    "roles": {"nn": "Roller", "nb": "Roller"},
    "rounds": {"nn": "Rundar", "nb": "Runder"},
    "group_size": {"nn": "Gruppestorleik", "nb": "Gruppestørrelse"},
    "deliverable": {"nn": "Leveranse", "nb": "Leveranse"},
    "next_samling": {"nn": "Neste samling", "nb": "Neste samling"},
    "date": {"nn": "Dato", "nb": "Dato"},
    "place": {"nn": "Stad", "nb": "Sted"},
    "sources": {"nn": "Kjelder", "nb": "Kilder"},
    "materials": {"nn": "Materiell", "nb": "Materiell"},
    "goals": {"nn": "Mål for dagen", "nb": "Mål for dagen"},
    "image_credits": {"nn": "Biletkreditering", "nb": "Bildekreditering"},
    "method": {"nn": "Metode", "nb": "Metode"},
    "samling": {"nn": "Samling", "nb": "Samling"},
    # ---- the deck (diagram names are the alt text of their drawings)
    "total": {"nn": "Totalt", "nb": "Totalt"},
    "scan": {"nn": "Skann koden med mobilkameraet", "nb": "Skann koden med mobilkameraet"},
    "qr": {"nn": "QR-kode til", "nb": "QR-kode til"},
    "wordcloud": {"nn": "Ordsky", "nb": "Ordsky"},
    "votes": {"nn": "røyster", "nb": "stemmer"},
    "pyramid": {"nn": "Pyramide", "nb": "Pyramide"},
    "steps": {"nn": "Trinn", "nb": "Trinn"},
    "triangle": {"nn": "Trekant", "nb": "Trekant"},
    "flow": {"nn": "Flyt", "nb": "Flyt"},
    "statistic": {"nn": "Tal", "nb": "Tall"},
    "diamond": {"nn": "Verdidiamant", "nb": "Verdidiamant"},
    "diamond_empty": {
        "nn": "Verdidiamant med ni tomme felt i radene 1-2-3-2-1",
        "nb": "Verdidiamant med ni tomme felt i radene 1-2-3-2-1",
    },
    "cards": {"nn": "Kort", "nb": "Kort"},
    "levels": {"nn": "Nivå", "nb": "Nivåer"},
    "logo": {"nn": "Logo", "nb": "Logo"},
    "quote": {"nn": "Sitat", "nb": "Sitat"},
    "license": {"nn": "Lisens", "nb": "Lisens"},
    "source": {"nn": "Kjelde", "nb": "Kilde"},
    # shape names, as PowerPoint's selection pane lists them
    "shape_title": {"nn": "Tittel", "nb": "Tittel"},
    "shape_picture": {"nn": "Bilete", "nb": "Bilde"},
    "shape_text": {"nn": "Tekst", "nb": "Tekst"},
    "shape_value": {"nn": "Verdi", "nb": "Verdi"},
    "shape_empty": {"nn": "Tomt felt", "nb": "Tomt felt"},
    "shape_part": {"nn": "Del", "nb": "Del"},
    "shape_corner": {"nn": "Hjørne", "nb": "Hjørne"},
    "shape_table": {"nn": "Program", "nb": "Program"},
    "shape_footer": {"nn": "Bunntekst", "nb": "Bunntekst"},
    "shape_slide_number": {"nn": "Lysbiletnummer", "nb": "Lysbildenummer"},
    "shape_scrim": {"nn": "Tekstbakgrunn", "nb": "Tekstbakgrunn"},
    # ---- the guide and the worksheets
    "guide_title": {"nn": "Rettleiar for fasilitatorar", "nb": "Veileder for fasilitatorer"},
    "worksheets_title": {"nn": "Arbeidsark", "nb": "Arbeidsark"},
    "no_sheets": {
        "nn": "Ingen av øvingane på denne samlinga har arbeidsark.",
        "nb": "Ingen av øvelsene på denne samlingen har arbeidsark.",
    },
    "run_sheet": {"nn": "Køyreplan", "nb": "Kjøreplan"},
    "activity": {"nn": "Aktivitet", "nb": "Aktivitet"},
    "lead": {"nn": "Ansvarleg", "nb": "Ansvarlig"},
    "slides": {"nn": "Lysbilete", "nb": "Lysbilder"},
    "slide": {"nn": "lysbilete", "nb": "lysbilde"},
    "slide_cap": {"nn": "Lysbilete", "nb": "Lysbilde"},
    "purpose": {"nn": "Føremål og nøkkelbodskap", "nb": "Formål og nøkkelbudskap"},
    "exercise": {"nn": "Øving", "nb": "Øvelse"},
    "step_by_step": {"nn": "Steg for steg", "nb": "Steg for steg"},
    "step": {"nn": "Steg", "nb": "Steg"},
    "form": {"nn": "Form", "nb": "Form"},
    "what": {"nn": "Kva skjer", "nb": "Hva skjer"},
    "who": {"nn": "Kven tek rolla", "nb": "Hvem tar rollen"},
    "task": {"nn": "Oppgåve", "nb": "Oppgave"},
    "role": {"nn": "Rolle", "nb": "Rolle"},
    "instructions": {"nn": "Slik gjer du det", "nb": "Slik gjør du det"},
    "total_time": {"nn": "Tid i alt", "nb": "Tid totalt"},
    "per_round": {"nn": "per runde", "nb": "per runde"},
    "round": {"nn": "Runde", "nb": "Runde"},
    "of": {"nn": "av", "nb": "av"},
    "switch_roles": {"nn": "byt roller", "nb": "bytt roller"},
    "rotate_note": {
        "nn": "Rollene går på omgang: éin runde per rolle, så alle har hatt kvar rolle.",
        "nb": "Rollene går på omgang: én runde per rolle, så alle har hatt hver rolle.",
    },
    "talk": {"nn": "Innlegg", "nb": "Innlegg"},
    "buffer": {"nn": "Oppsummering og overgang", "nb": "Oppsummering og overgang"},
    "checklists": {"nn": "Sjekklister", "nb": "Sjekklister"},
    "preparation": {"nn": "Førebuing og materiell", "nb": "Forberedelse og materiell"},
    "print": {"nn": "Arbeidsark som skal skrivast ut", "nb": "Arbeidsark som skal skrives ut"},
    "print_check": {
        "nn": "Arbeidsarka er skrivne ut og sorterte (sjå tabellen under)",
        "nb": "Arbeidsarkene er skrevet ut og sortert (se tabellen under)",
    },
    "copies": {"nn": "eksemplar", "nb": "eksemplarer"},
    "per_participant": {"nn": "ein per deltakar", "nb": "én per deltaker"},
    "per_group": {"nn": "eitt per gruppe", "nb": "ett per gruppe"},
    "reserve": {"nn": "i reserve", "nb": "i reserve"},
    "flipover": {"nn": "Flipover og tusjar", "nb": "Flipover og tusjer"},
    "postits": {"nn": "Post-it-lappar", "nb": "Post-it-lapper"},
    "per_group_short": {"nn": "per gruppe", "nb": "per gruppe"},
    "groups": {"nn": "grupper", "nb": "grupper"},
    "network_groups": {"nn": "Nettverksgrupper", "nb": "Nettverksgrupper"},
    "polls": {"nn": "Avstemmingar og QR-kodar", "nb": "Avstemninger og QR-koder"},
    "qr_alt": {
        "nn": "QR-kode som opnar avstemminga «{title}»: {url}",
        "nb": "QR-kode som åpner avstemningen «{title}»: {url}",
    },
    "link": {"nn": "Lenkje", "nb": "Lenke"},
    "test_links": {
        "nn": "Opne kvar lenkje og test QR-koden med ein mobil før dagen.",
        "nb": "Åpne hver lenke og test QR-koden med en mobil før dagen.",
    },
    "participants": {"nn": "Deltakarar", "nb": "Deltakere"},
    "facilitators": {"nn": "Fasilitatorar", "nb": "Fasilitatorer"},
    "day": {"nn": "Dagen", "nb": "Dagen"},
    "quoted": {"nn": "Sitert på lysbileta", "nb": "Sitert på lysbildene"},
    "used_in": {"nn": "Brukt i", "nb": "Brukt i"},
    "whole_day": {"nn": "heile dagen", "nb": "hele dagen"},
    "worksheet": {"nn": "Arbeidsark", "nb": "Arbeidsark"},
    "level": {"nn": "Nivå", "nb": "Nivå"},
    "characteristics": {"nn": "Kjenneteikn", "nb": "Kjennetegn"},
    "how_often": {"nn": "Kor ofte er eg her?", "nb": "Hvor ofte er jeg her?"},
    "rarely": {"nn": "Sjeldan", "nb": "Sjelden"},
    "sometimes": {"nn": "Av og til", "nb": "Av og til"},
    "often": {"nn": "Ofte", "nb": "Ofte"},
    "notes": {"nn": "Notat", "nb": "Notater"},
    "most_important": {"nn": "Viktigast", "nb": "Viktigst"},
    "least_important": {"nn": "Minst viktig", "nb": "Minst viktig"},
    "box": {"nn": "boks", "nb": "boks"},
    "boxes": {"nn": "boksar", "nb": "bokser"},
    "timings": {"nn": "Tidsbruk", "nb": "Tidsbruk"},
    "velkommen": {"nn": "Velkomen", "nb": "Velkommen"},
    "innslag": {"nn": "Innslag", "nb": "Innslag"},
    "gruppearbeid": {"nn": "Gruppearbeid", "nb": "Gruppearbeid"},
    "avslutning": {"nn": "Avslutning", "nb": "Avslutning"},
    "m_igp": {"nn": "IGP", "nb": "IGP"},
    "m_duo": {"nn": "Duo", "nb": "Duo"},
    "m_rollespel": {"nn": "Rollespel", "nb": "Rollespill"},
    "m_diamant": {"nn": "Diamant\u00adrangering", "nb": "Diamant\u00adrangering"},
    "m_gallerivandring": {"nn": "Galleri\u00advandring", "nb": "Galleri\u00advandring"},
    "m_ordsky": {"nn": "Ordsky", "nb": "Ordsky"},
    "m_refleksjon": {"nn": "Refleksjon", "nb": "Refleksjon"},
    "m_plenum": {"nn": "Plenum", "nb": "Plenum"},
    "platform_values": {
        "nn": "verdiane frå leiarplattforma",
        "nb": "verdiene fra lederplattformen",
    },
    "listening_1": {"nn": "Nivå 1 – indre lytting", "nb": "Nivå 1 – indre lytting"},
    "listening_1_text": {
        "nn": "Eg lyttar ut frå meg sjølv: mine tankar, behov og svar.",
        "nb": "Jeg lytter ut fra meg selv: mine tanker, behov og svar.",
    },
    "listening_2": {"nn": "Nivå 2 – fokusert lytting", "nb": "Nivå 2 – fokusert lytting"},
    "listening_2_text": {
        "nn": "Den andre er hovudpersonen: eg lyttar, gjentek og stadfestar.",
        "nb": "Den andre er hovedpersonen: jeg lytter, gjentar og bekrefter.",
    },
    "listening_3": {"nn": "Nivå 3 – global lytting", "nb": "Nivå 3 – global lytting"},
    "listening_3_text": {
        "nn": "Eg lyttar òg til det som ikkje vert sagt: kroppsspråk, tonefall og stemning.",
        "nb": "Jeg lytter også til det som ikke blir sagt: kroppsspråk, tonefall og stemning.",
    },
    "method_igp": {
        "nn": "Individuelt – Gruppe – Plenum",
        "nb": "Individuelt – Gruppe – Plenum",
    },
    "no_groups_note": {
        "nn": "(rekna ut frå gruppestorleiken: ingen nettverksgrupper i program.yaml)",
        "nb": "(regnet ut fra gruppestørrelsen: ingen nettverksgrupper i program.yaml)",
    },
    # ---- `samling new`: the placeholders of a new samling, for the facilitator to replace
    "new_goal": {"nn": "Skriv måla for dagen her", "nb": "Skriv målene for dagen her"},
    "new_welcome": {"nn": "Velkomen!", "nb": "Velkommen!"},
    "new_plenum": {"nn": "Felles arbeid i plenum", "nb": "Felles arbeid i plenum"},
    "new_closing": {"nn": "Oppsummering og evaluering", "nb": "Oppsummering og evaluering"},
    "new_mellomarbeid": {
        "nn": "Skriv mellomarbeidet til neste samling her",
        "nb": "Skriv mellomarbeidet til neste samling her",
    },
    "new_follow_up": {"nn": "Oppfølging av mellomarbeidet", "nb": "Oppfølging av mellomarbeidet"},
    "new_follow_up_step": {"nn": "Del erfaringar i duo", "nb": "Del erfaringer i duo"},
    "new_vision_proposals": {"nn": "Forslag til visjon", "nb": "Forslag til visjon"},
    "new_agenda": {"nn": "Program", "nb": "Program"},
    "new_notes": {"nn": "Skriv kva du vil seie her.", "nb": "Skriv hva du vil si her."},
    "new_closing_text": {"nn": "Takk for i dag!", "nb": "Takk for i dag!"},
    # ---- the lederplakat
    "poster": {"nn": "Leiarplakat", "nb": "Lederplakat"},
    "vision": {"nn": "Visjon", "nb": "Visjon"},
    "values": {"nn": "Verdiar", "nb": "Verdier"},
    "kjennetegn": {"nn": "Kjenneteikn på god praksis", "nb": "Kjennetegn på god praksis"},
    "values_and_kjennetegn": {
        "nn": "Verdiar og kjenneteikn på god praksis",
        "nb": "Verdier og kjennetegn på god praksis",
    },
    "draft": {"nn": "Utkast – eksempel, ikkje vedteke", "nb": "Utkast – eksempel, ikke vedtatt"},
    "nine_values": {
        "nn": "Dei ni verdiane, i prioritert rekkjefølgje, med kjenneteikn på god praksis:",
        "nb": "De ni verdiene, i prioritert rekkefølge, med kjennetegn på god praksis:",
    },
    "draft_note": {
        "nn": "Utkast: visjonen og verdiane er eit eksempel og ikkje vedtekne enno.",
        "nb": "Utkast: visjonen og verdiene er et eksempel og ikke vedtatt ennå.",
    },
}

# The words a poster template gets as `labels.*` (templates/poster/README.md).
POSTER_LABELS: tuple[str, ...] = (
    "poster",
    "vision",
    "values",
    "kjennetegn",
    "values_and_kjennetegn",
    "draft",
    "nine_values",
    "draft_note",
)

LANGUAGE_TAGS: dict[Malform, str] = {"nn": "nn-NO", "nb": "nb-NO"}


def word(key: str, malform: Malform) -> str:
    """The fixed word `key` in the målform; KeyError for a key no output uses."""
    return WORDS[key][malform]


def method_title(method: str, malform: Malform) -> str:
    """An exercise method's name as the guide prints it: IGP with its three steps spelled
    out, and the soft hyphens that let a narrow table column break a long name. The method's
    id when it has none."""
    name = WORDS.get(f"m_{method}", {}).get(malform, method)
    if method == "igp":
        name += f" ({word('method_igp', malform)})"
    return name


def method_name(method: str, malform: Malform) -> str:
    """An exercise method's name as the deck shows it: IGP's steps in lower case, and no soft
    hyphens (a slide has room). The method's id when it has none."""
    name = WORDS.get(f"m_{method}", {}).get(malform, method)
    if method == "igp":
        name += f" ({word('method_igp', malform).lower()})"
    return name.replace("\u00ad", "")


def language_tag(malform: Malform) -> str:
    """The BCP 47 language tag of the målform, as documents and the poster declare it."""
    return LANGUAGE_TAGS[malform]
