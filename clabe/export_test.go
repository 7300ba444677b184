package clabe

// ResetBanks drops every registration, so tests of RegisterBank can run
// again (go test -count) from the built-in catalog.
func ResetBanks() {
	registerMu.Lock()
	defer registerMu.Unlock()
	old := catalog.Load()
	c := &bankCatalog{banks: old.banks[:old.builtin:old.builtin], builtin: old.builtin}
	for i, b := range c.banks {
		c.index[parseCode3(b.Code)] = uint16(i + 1)
	}
	catalog.Store(c)
}
