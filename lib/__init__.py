"""Plain-Python primitives shared by every app: text folding and untrusted input. Imports nothing
of ours and no Django."""
