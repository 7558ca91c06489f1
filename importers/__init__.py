"""beangulp importers for bank statements, online payments, registers and rosters."""
