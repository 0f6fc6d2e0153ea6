"""The Accessibilité menu (DESIGN §8): accessible mode, keyboard help, site map, help,
accessibility statement. Its pages open both logged in (portal layout) and logged out
(public layout, reachable from the login page)."""
