"""axe-core (as shipped by axe-selenium-python) in chromium on the main pages: no serious or critical
violation. Run after the page's own scripts, so the sort buttons and filters are checked too.
"""

import json
import unittest

from axe_selenium_python import Axe

import support

BLOCKING = ("serious", "critical")

# Rules switched off, each with the reason. Empty: every rule of axe runs.
DISABLED_RULES = {}


class Accessibility(support.BrowserTestCase):

    def pages(self):
        return {
            "home": "index.html",
            "agency with a broken rule": f"agencies/{self.site.slug_of('呼兰区')}/index.html",
            "agency with blank and raw cells": f"agencies/{self.site.slug_of('沙湾市')}/index.html",
            "comparison of a year": "compare/2023/index.html",
            "comparison of years": "compare/index.html",
            "quality": "quality/index.html",
            "search": "search/index.html",
            "not found": "404.html",
        }

    def violations(self):
        axe = Axe(self.driver)
        axe.inject()
        if DISABLED_RULES:
            results = axe.run(options=json.dumps({"rules": {r: {"enabled": False} for r in DISABLED_RULES}}))
        else:
            results = axe.run()
        self.assertGreater(len(results["passes"]), 10, "axe ran its rules")
        return results["violations"]

    def test_no_serious_or_critical_violations(self):
        for name, page in self.pages().items():
            with self.subTest(name):
                self.visit(page)
                blocking = [v for v in self.violations() if v["impact"] in BLOCKING]
                report = "\n".join(f"{v['impact']} {v['id']}: {v['help']} — "
                                   + "; ".join(", ".join(n["target"]) for n in v["nodes"][:5]) for v in blocking)
                self.assertEqual(blocking, [], f"{page}:\n{report}")

    def test_axe_finds_a_known_violation(self):
        # The check above is only as good as axe running in this page: an unlabeled field must be found.
        self.visit("index.html")
        self.driver.execute_script("const i = document.createElement('input'); i.type = 'text'; document.querySelector('main').appendChild(i);")
        ids = {v["id"] for v in self.violations() if v["impact"] in BLOCKING}
        self.assertIn("label", ids)

    def test_skip_link_and_landmarks(self):
        self.visit(f"agencies/{self.site.slug_of('呼兰区')}/index.html")
        d = self.driver
        self.assertEqual(len(d.find_elements("css selector", "main#main")), 1)
        self.assertEqual(len(d.find_elements("css selector", "header.site nav[aria-label]")), 1)
        skip = d.find_element("css selector", "a.skip")
        self.assertEqual(skip.get_attribute("href").split("#")[1], "main")
        # The first Tab reaches the skip link, and it becomes visible.
        d.find_element("css selector", "body").send_keys("\ue004")
        self.assertEqual(d.switch_to.active_element.get_attribute("class"), "skip")
        self.assertTrue(d.execute_script("const r = arguments[0].getBoundingClientRect(); return r.left >= 0 && r.top >= 0", skip))

    def test_official_table_headers_have_scope(self):
        self.visit(f"agencies/{self.site.slug_of('呼兰区')}/index.html")
        headers = self.driver.execute_script(
            "return Array.from(document.querySelectorAll('table.official th')).map(th => [th.textContent, th.getAttribute('scope'), th.className])")
        missing = [t for t, scope, cls in headers if not scope and "corner" not in cls]
        self.assertEqual(missing, [])


if __name__ == "__main__":
    unittest.main()
