"""riskreg on PostgreSQL.

:mod:`riskreg.server.local` runs a throwaway local PostgreSQL server (tests, development,
demos). Nothing is imported here: psycopg is loaded only by the modules that talk to a server.
"""
