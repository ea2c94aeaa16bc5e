print("ThemesBench: not written yet")
