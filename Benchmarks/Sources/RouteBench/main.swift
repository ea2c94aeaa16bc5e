print("RouteBench: not written yet")
