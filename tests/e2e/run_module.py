"""Runs one test module as `python -m unittest -v` would, but fails when
no test case ran (a module whose tests were all skipped, or that has none,
would otherwise pass), and ends with a line `cases: N run, N skipped,
N failed` that .ci/run adds up.
Usage: run_module.py test_module"""

import sys
import unittest


def main():
    suite = unittest.defaultTestLoader.loadTestsFromName(sys.argv[1])
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    skipped = len(result.skipped)
    failed = len(result.failures) + len(result.errors)
    ran = result.testsRun - skipped
    print("cases: %d run, %d skipped, %d failed" % (ran, skipped, failed))
    if ran == 0:
        print("%s: no test case ran" % sys.argv[1])
        return 1
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
