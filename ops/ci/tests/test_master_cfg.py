"""Reads ops/ci/master.cfg with the production settings (settings.example.json)
the way Buildbot loads it, and checks what the pipeline promises: the
three-minute tree-stable timer on main, the README's test command on a clean
checkout, a deploy only after a passed test and only one at a time, the web
UI on loopback behind a password. Run by ops/ci/test-pipeline.sh with
Buildbot's Python:  python -m unittest ops/ci/tests/test_master_cfg.py
"""
import os
import unittest

from buildbot.config.master import FileLoader

CI = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(os.path.dirname(CI))


class ProductionConfig(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        os.environ["YASS_CI_SETTINGS"] = os.path.join(CI, "settings.example.json")
        cls.cfg = FileLoader(CI, "master.cfg").loadConfig()
        cls.builders = {b.name: b for b in cls.cfg.builders}

    def steps(self, builder):
        return self.builders[builder].factory.steps

    def step(self, builder, name):
        for s in self.steps(builder):
            if s.kwargs.get("name") == name:
                return s
        self.fail(f"{builder} has no step {name!r}")

    def test_main_waits_three_minutes_after_the_last_push_then_tests(self):
        main = self.cfg.schedulers["main"]
        self.assertEqual(main._config_kwargs["treeStableTimer"], 180)
        self.assertEqual(main.builderNames, ["test"])

    def test_only_a_passed_tree_stable_test_deploys_automatically(self):
        dep = self.cfg.schedulers["deploy-after-test"]
        self.assertEqual(dep.builderNames, ["deploy"])
        self.assertIs(dep._config_kwargs["upstream"], self.cfg.schedulers["main"])
        names = [s.kwargs.get("name") for s in self.steps("deploy")]
        self.assertLess(names.index("passed the tests?"), names.index("rolling deploy"))
        self.assertLess(names.index("build the release"), names.index("rolling deploy"))

    def test_the_test_builder_runs_the_readme_command_on_a_clean_checkout(self):
        co = self.step("test", "checkout").kwargs
        self.assertEqual((co["mode"], co["method"]), ("full", "clobber"))
        self.assertEqual(self.step("test", "test").kwargs["command"], ["bash", ".ci/run"])
        with open(os.path.join(ROOT, "README.md")) as f:
            self.assertIn(".ci/run", f.read())

    def test_the_release_is_an_optimised_build(self):
        cmd = self.step("deploy", "build the release").kwargs["command"]
        self.assertTrue(str(cmd[1]).endswith("ops/ci/build-release.sh"), cmd)
        with open(os.path.join(CI, "build-release.sh")) as f:
            script = f.read()
        self.assertIn("cargo build --release", script)
        self.assertIn("scripts/build-spa.sh release", script)

    def test_one_build_per_builder_and_one_at_a_time_on_the_hosts(self):
        for name, b in self.builders.items():
            own = [lk for lk in b.locks if lk.lockid.name == f"builder-{name}"]
            self.assertEqual([(lk.mode, lk.lockid.maxCount) for lk in own], [("exclusive", 1)], name)
        for name in ("deploy", "rollback", "upgrade-all-systems", "sync"):
            hosts = [lk for lk in self.builders[name].locks if lk.lockid.name == "hosts"]
            self.assertEqual([lk.mode for lk in hosts], ["exclusive"], name)
        self.assertEqual(set(self.builders), {"test", "deploy", "rollback", "upgrade-all-systems", "sync"})

    def test_every_builder_can_be_forced_by_the_bot(self):
        for name in self.builders:
            self.assertEqual(self.cfg.schedulers[f"force-{name}"].builderNames, [name])

    def test_web_ui_and_worker_port_listen_on_loopback_behind_a_password(self):
        self.assertTrue(self.cfg.www["port"].endswith(":interface=127.0.0.1"))
        self.assertTrue(self.cfg.protocols["pb"]["port"].endswith(":interface=127.0.0.1"))
        self.assertEqual(type(self.cfg.www["auth"]).__name__, "UserPasswordAuth")
        rules = self.cfg.www["authz"].allowRules
        self.assertEqual([type(r).__name__ for r in rules], ["AnyEndpointMatcher"])
        self.assertTrue(self.cfg.www["change_hook_auth"])
        self.assertIsNone(self.cfg.buildbotNetUsageData)

    def test_every_build_start_and_end_goes_to_the_bot(self):
        self.assertIn("HttpStatusPush", self.cfg.services)


if __name__ == "__main__":
    unittest.main()
