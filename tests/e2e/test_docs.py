"""README.md, `rpccli --help` and man/rpccli.1 say the same thing: every
flag and every exit code --help names is documented in the other two."""

import os
import re
import unittest

from harness import SOURCE_DIR, rpccli


def read(relative):
    with open(os.path.join(SOURCE_DIR, relative)) as f:
        return f.read()


class DocsTest(unittest.TestCase):
    def help_flags(self):
        flags = set()
        for command in ["list", "describe", "call"]:
            result = rpccli(command, "--help")
            self.assertEqual(result.returncode, 0)
            # Each option line starts with its flags: "  -p,--proto FILE".
            flags.update(re.findall(r"^\s+(?:-[a-zA-Z],)?(--[a-z][a-z-]+)",
                                    result.stdout.decode(), re.MULTILINE))
        return flags

    def test_every_flag_is_in_the_readme_and_the_man_page(self):
        readme = read("README.md")
        # The man page escapes dashes: \\-\\-max\\-time.
        man = read("man/rpccli.1").replace("\\-", "-")
        flags = self.help_flags()
        self.assertIn("--protoset-out", flags)  # the scan itself works
        for flag in sorted(flags):
            self.assertTrue("`" + flag in readme, flag + " is missing from README.md")
            self.assertTrue(flag in man, flag + " is missing from man/rpccli.1")

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


if __name__ == "__main__":
    unittest.main()
