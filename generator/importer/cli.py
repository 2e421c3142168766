def register(s): pass
def run(a): return 0
