"""The Chinese name recognizer's model switches (zh_person.READ_*) as command-line options, one
definition for every bench that turns a model on or off."""

from __future__ import annotations

import argparse

# option -> (module switch in privacy.detect.recognizers.nlp.zh_person, the model it reads)
MODEL_SWITCHES = {
    "lac": ("READ_LAC", "LAC"),
    "crf": ("READ_CRF", "the name CRF"),
    "nn": ("READ_NN", "the neural tagger"),
}


def add_model_switches(parser: argparse.ArgumentParser, purpose: str) -> None:
    """--lac / --crf / --nn on|off: `purpose` with or without that model."""
    for option, (switch, model) in MODEL_SWITCHES.items():
        parser.add_argument(
            f"--{option}",
            choices=("on", "off"),
            default=None,
            help=f"{purpose} with / without {model} (zh_person.{switch})",
        )


def chosen_switches(args: argparse.Namespace) -> list[tuple[str, bool]]:
    """(switch, on) for each model switch given on the command line, in MODEL_SWITCHES order."""
    return [
        (switch, getattr(args, option) == "on")
        for option, (switch, _) in MODEL_SWITCHES.items()
        if getattr(args, option) is not None
    ]
