"""The marker grammar: both forms, the skeleton and clean renderings, and every error."""
import pytest

from autograder.author.markers import MarkerError, clean, regions, skeleton

BLOCK = '''def f(x):
    """Doc."""
    # BEGIN SOLUTION Q3: return y (N, D)
    y = x * 2
    return y
    # END SOLUTION
'''

INLINE = '''class A:
    def g(self, x):
        return x + 1  # SOLUTION Q4: return x + 1
'''


def test_block_region_becomes_your_code_hint_and_named_raise():
    assert skeleton(BLOCK) == ('def f(x):\n    """Doc."""\n    # Your code: return y (N, D)\n'
                               "    raise NotImplementedError('Q3: f')\n")


def test_inline_region_keeps_indentation_and_qualified_name():
    assert skeleton(INLINE) == ("class A:\n    def g(self, x):\n        # Your code: return x + 1\n"
                                "        raise NotImplementedError('Q4: A.g')\n")


def test_region_without_hint_gets_plain_your_code():
    text = "def f():\n    return 1  # SOLUTION Q1\n"
    assert skeleton(text) == "def f():\n    # Your code\n    raise NotImplementedError('Q1: f')\n"


def test_clean_keeps_code_and_drops_only_markers():
    assert clean(BLOCK) == 'def f(x):\n    """Doc."""\n    y = x * 2\n    return y\n'
    assert clean(INLINE) == "class A:\n    def g(self, x):\n        return x + 1\n"


def test_lines_outside_regions_are_copied_byte_for_byte():
    text = "import os\r\n\tdef weird():  \r\n\n" + "def f():\n    pass  # SOLUTION Q1: hint\n" + "x = 'é'  # trailing\t\n"
    out = skeleton(text)
    assert out.startswith("import os\r\n\tdef weird():  \r\n\n")
    assert out.endswith("x = 'é'  # trailing\t\n")


def test_regions_report_question_hint_and_line():
    (r,) = regions(BLOCK)
    assert (r.question, r.hint, r.qualname, r.start) == ("Q3", "return y (N, D)", "f", 3)
    assert r.lines == ("    y = x * 2\n", "    return y\n")


@pytest.mark.parametrize("text, line, words", [
    ("def f():\n    # BEGIN SOLUTION Q1\n    # BEGIN SOLUTION Q1\n    x = 1\n    # END SOLUTION\n    # END SOLUTION\n", 3, "nested"),
    ("def f():\n    x = 1\n    # END SOLUTION\n", 3, "without a matching BEGIN"),
    ("def f():\n    # BEGIN SOLUTION Q1\n    x = 1\n", 2, "never closed"),
    ("def f():\n    # BEGIN SOLUTION\n    x = 1\n    # END SOLUTION\n", 2, "must name its question"),
    ("def f():\n    return 1  # SOLUTION: hint\n", 2, "must name its question"),
    ("def f():\n    # BEGIN SOLUTION Q1\n    x = 1  # SOLUTION Q1\n    # END SOLUTION\n", 3, "inside the region"),
    ("def f():\n    # BEGIN SOLUTION Q1\n    # END SOLUTION\n", 2, "empty"),
    ("def f():\n    # BEGIN SOLUTION Q1\n    x = 1\n    # END SOLUTION Q1\n", 4, "takes nothing"),
    ("X = 1  # SOLUTION Q1\n", 1, "outside any function"),
    ("def f():\n    #SOLUTION Q1\n    return 1\n", 2, "malformed"),
    ("def f():\n    # begin solution\n    # BEGIN SOLUTIONS Q1\n", 3, "malformed"),
])
def test_marker_errors_name_file_and_line(text, line, words):
    with pytest.raises(MarkerError) as err:
        skeleton(text, "lib.py")
    assert str(err.value).startswith(f"lib.py:{line}: ")
    assert words in str(err.value)
    assert (err.value.path, err.value.line) == ("lib.py", line)
