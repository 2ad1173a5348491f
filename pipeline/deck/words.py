"""Fixed words the deck writes that `model.LABELS` does not have (yet), in both målformer."""

from __future__ import annotations

from pipeline.model import Malform, label

EXTRA: dict[str, dict[Malform, str]] = {
    "method": {"nn": "Metode", "nb": "Metode"},
    "total": {"nn": "Totalt", "nb": "Totalt"},
    "scan": {"nn": "Skann koden med mobilkameraet", "nb": "Skann koden med mobilkameraet"},
    "qr": {"nn": "QR-kode til", "nb": "QR-kode til"},
    "wordcloud": {"nn": "Ordsky", "nb": "Ordsky"},
    "votes": {"nn": "røyster", "nb": "stemmer"},
    "samling": {"nn": "Samling", "nb": "Samling"},
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
}

METHODS: dict[str, dict[Malform, str]] = {
    "igp": {
        "nn": "IGP (individuelt – gruppe – plenum)",
        "nb": "IGP (individuelt – gruppe – plenum)",
    },
    "duo": {"nn": "Duo", "nb": "Duo"},
    "rollespel": {"nn": "Rollespel", "nb": "Rollespill"},
    "diamant": {"nn": "Diamantrangering", "nb": "Diamantrangering"},
    "gallerivandring": {"nn": "Gallerivandring", "nb": "Gallerivandring"},
    "ordsky": {"nn": "Ordsky", "nb": "Ordsky"},
    "refleksjon": {"nn": "Refleksjon", "nb": "Refleksjon"},
    "plenum": {"nn": "Plenum", "nb": "Plenum"},
}


def word(key: str, malform: Malform) -> str:
    """A fixed word: from model.LABELS when it has the key, else from the deck's own list."""
    try:
        return label(key, malform)
    except KeyError:
        return EXTRA[key][malform]


def method_name(method: str, malform: Malform) -> str:
    return METHODS.get(method, {}).get(malform, method)
