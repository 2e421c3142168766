"""Reviewing a pull request: what it changes in the handbook, in Chinese.

``python -m generator diff --base REF`` loads the library at the pull
request's base and at its head and writes a summary a reviewer can read
without opening every file: cases added, changed, removed or renamed, new
vocabulary and glossary terms, figures, and links that now point nowhere.
"""
