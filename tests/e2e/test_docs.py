"""README.md, `rpccli --help` and man/rpccli.1 say the same thing: every
flag and every exit code --help names is documented in the other two. And
each row of README's error catalogue names a test that asserts it."""

import os
import re
import signal
import unittest

from harness import SOURCE_DIR, rpccli


def read(relative):
    with open(os.path.join(SOURCE_DIR, relative)) as f:
        return f.read()


class DocsTest(unittest.TestCase):
    def help_flags(self):
        flags = set()
        for command in ["list", "describe", "call", "bench", "health",
                        "serve"]:
            result = rpccli(command, "--help")
            self.assertEqual(result.returncode, 0)
            # Each option line starts with its flags: "  -p,--proto FILE".
            flags.update(re.findall(r"^\s+(?:-[a-zA-Z],)?(--[a-z][a-z0-9-]+)",
                                    result.stdout.decode(), re.MULTILINE))
        return flags

    def test_every_flag_is_in_the_readme_and_the_man_page(self):
        readme = read("README.md")
        # The man page escapes dashes: \\-\\-max\\-time.
        man = read("man/rpccli.1").replace("\\-", "-")
        flags = self.help_flags()
        self.assertIn("--protoset-out", flags)  # the scan itself works
        for flag in sorted(flags):
            # The whole flag: --proto must not pass on --protoset.
            whole = re.escape(flag) + r"(?![a-z0-9-])"
            self.assertRegex(readme, "`" + whole,
                             flag + " is missing from README.md")
            self.assertRegex(man, whole, flag + " is missing from man/rpccli.1")

    def test_every_exit_code_is_in_all_three(self):
        help_text = rpccli("--help").stdout.decode()
        readme = read("README.md")
        man = read("man/rpccli.1")
        for code in ["64+N", "128+N", "141"]:
            self.assertIn(code, help_text)
        for code in ["| 0 |", "| 1 |", "| 2 |", "| 64 + N |", "| 128 + N |", "| 141 |"]:
            self.assertIn(code, readme)
        for code in [".B 0\n", ".B 1\n", ".B 2\n", ".B 64 + N\n", ".B 128 + N\n", ".B 141\n"]:
            self.assertIn(code, man)


def catalogue_rows():
    """(message cell, exit code cell, test reference) for each row of
    README's error catalogue."""
    section = read("README.md").split("## Error catalogue", 1)[1]
    section = section.split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split(" | ")]
        if len(cells) == 4 and cells[3].startswith("`test_"):
            rows.append((cells[1], cells[2], cells[3].strip("`")))
    return rows


def method_source(class_text, name):
    """The source of method `name` in a class's source, or None."""
    match = re.search(r"\n    def %s\(.*?(?=\n    def |\n    @|\Z)"
                      % re.escape(name), class_text, re.S)
    return match.group(0) if match else None


def test_source(path, class_name, test_name):
    """The source of one test method and of the class's helpers it calls
    (self.assertRefused...), with adjacent string literals joined and
    escaped quotes unescaped, as the messages they spell read; or None if
    the class has no such test."""
    source = read(os.path.join("tests", "e2e", path))
    start = source.index("\nclass %s(" % class_name)
    end = source.find("\nclass ", start + 1)
    class_text = source[start:end if end >= 0 else len(source)]
    text = method_source(class_text, test_name)
    if text is None:
        return None
    for helper in sorted(set(re.findall(r"self\.(\w+)\(", text))):
        helper_text = method_source(class_text, helper)
        if helper_text and not helper.startswith("test_"):
            text += helper_text
    text = re.sub(r"""(["'])\s*\n\s*[rbf]?(["'])""", "", text)
    return text.replace('\\"', '"')


def exit_codes_in(source, path):
    """The exit codes a test's source can be asserting: its numbers, sums
    such as `64 + 4` and `128 + signal.SIGTERM`, and the module's constants
    it names (UNAVAILABLE = 64 + 14)."""
    module = read(os.path.join("tests", "e2e", path))
    for name, expression in re.findall(r"^([A-Z_]+) = ([0-9 +]+)$", module,
                                       re.M):
        if re.search(r"\b%s\b" % name, source):
            source += " " + expression
    codes = {int(n) for n in re.findall(r"\b\d+\b", source)}
    for a, b in re.findall(r"\b(\d+) *\+ *(\d+)\b", source):
        codes.add(int(a) + int(b))
    for a, name in re.findall(r"\b(\d+) *\+ *signal\.(SIG[A-Z]+)", source):
        codes.add(int(a) + getattr(signal, name))
    return codes


def fixed_parts(message):
    """The parts of a message cell that never vary: the text in backticks,
    cut at each `…` and each ": ", those long enough to say something."""
    parts = []
    for quoted in re.findall(r"`([^`]+)`", message):
        for piece in re.split(r"…|: ", quoted.replace("\\|", "|")):
            piece = piece.strip(" ()")
            if len(piece) >= 8:
                parts.append(piece)
    return parts


class ErrorCatalogueTest(unittest.TestCase):
    def test_every_row_names_a_test_that_asserts_its_message(self):
        rows = catalogue_rows()
        self.assertGreater(len(rows), 40)  # the table was found and read
        for message, code, reference in rows:
            path, class_name, test_name = reference.split("::")
            with self.subTest(reference):
                source = test_source(path, class_name, test_name)
                self.assertIsNotNone(source, reference + " does not exist")
                parts = fixed_parts(message)
                # A row whose message is `nothing` asserts its exit code.
                self.assertTrue(parts or message == "nothing",
                                "%r has no fixed text to look for" % message)
                for part in parts:
                    self.assertTrue(part in source, "%r is not asserted" % part)
                # The exit code the row gives is one the test expects.
                number = re.match(r"\d+", code)
                if number and "N" not in code:
                    self.assertIn(int(number.group(0)),
                                  exit_codes_in(source, path),
                                  "exit code %s is not asserted" % code)

if __name__ == "__main__":
    unittest.main()
