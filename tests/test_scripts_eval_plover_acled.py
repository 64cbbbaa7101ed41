import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "eval_plover_acled.py"


def _script():
    spec = importlib.util.spec_from_file_location("eval_plover_acled", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_only_clear_plover_types_map_to_acled():
    mapped = _script().mapped
    assert mapped("ASSAULT", "Rebels shelled the town.")[1] == frozenset(
        {"Battles", "Explosions/Remote violence", "Violence against civilians"})
    assert mapped("AGREE", "Both sides agreed a ceasefire.")[0] == "Agreement"
    assert mapped("AGREE", "They agreed to meet again.") is None
    assert mapped("COERCE", "Police arrested 12 protesters.")[0] == "Arrests"
    assert mapped("COERCE", "The army imposed a curfew.") is None
    assert mapped("ACCUSE", "He accused them of lying.") is None
