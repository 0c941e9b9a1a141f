package beta

import "testing"

func TestPoke(t *testing.T) { Poke() }
