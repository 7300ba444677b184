package validatortags_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/go-playground/validator/v10"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/account/validatortags"
	"github.com/acctkit/acctkit/clabe"
	"github.com/acctkit/acctkit/iban"
	"github.com/acctkit/acctkit/routing"
)

// payout is a struct of a user's own, with the tags on strings and on the
// value types.
type payout struct {
	IBAN      string           `validate:"omitempty,iban"`
	CLABE     string           `validate:"omitempty,clabe"`
	ABA       string           `validate:"omitempty,aba"`
	BIC       string           `validate:"omitempty,bic_swift"`
	Transit   string           `validate:"omitempty,ca_routing"`
	IBANValue iban.IBAN        `validate:"required,iban"`
	CLABEVal  clabe.CLABE      `validate:"omitempty,clabe"`
	ABAValue  routing.ABA      `validate:"omitempty,aba"`
	BICValue  routing.BIC      `validate:"omitempty,bic_swift"`
	CAValue   routing.Canadian `validate:"omitempty,ca_routing"`
	Wrong     iban.IBAN        `validate:"omitempty,clabe"`
}

func TestRegister(t *testing.T) {
	assert.ErrorIs(t, validatortags.RegisterValidations(nil), validatortags.ErrNilValidator)

	v := validator.New()
	require.NoError(t, validatortags.RegisterValidations(v))
	ok := payout{
		IBAN: "DE89370400440532013000", CLABE: "002010077777777771", ABA: "021000021", BIC: "DEUTDEFF", Transit: "000412345",
		IBANValue: iban.MustParse("FR1420041010050500013M02606"), CLABEVal: clabe.MustParse("012180001234567899"),
		ABAValue: routing.MustParseABA("021000021"), BICValue: routing.MustParseBIC("BBVAMXMM"),
		CAValue: routing.MustParseCanadian("000412345"),
	}
	require.NoError(t, v.Struct(ok))

	bad := payout{
		IBAN: "DE89370400440532013001", CLABE: "002010077777777779", ABA: "915075033", BIC: "DEUTXXFF", Transit: "12345",
		Wrong: iban.MustParse("DE89370400440532013000"),
	}
	var verrs validator.ValidationErrors
	require.ErrorAs(t, v.Struct(bad), &verrs)
	var failed []string
	for _, fe := range verrs {
		failed = append(failed, fe.Field()+" "+fe.Tag())
	}
	assert.Equal(t, []string{"IBAN iban", "CLABE clabe", "ABA aba", "BIC bic_swift", "Transit ca_routing",
		"IBANValue required", "Wrong clabe"}, failed)
}

// validator's own "bic" keeps its meaning unless the override is chosen:
// DEUTXXFF has a BIC's shape, but XX is no country.
func TestBuiltInBICUnchangedUnlessOverridden(t *testing.T) {
	type s struct {
		BIC string `validate:"bic"`
	}
	v := validator.New()
	require.NoError(t, validatortags.RegisterValidations(v))
	assert.NoError(t, v.Struct(s{"DEUTXXFF"}), "validator's built-in bic checks the shape only")

	o := validator.New()
	require.NoError(t, validatortags.RegisterValidations(o, validatortags.OverrideBIC()))
	assert.Error(t, o.Struct(s{"DEUTXXFF"}), "overridden: the country is checked")
	assert.NoError(t, o.Struct(s{"DEUTDEFF"}))
	assert.Equal(t, []string{"iban", "clabe", "aba", "bic_swift", "acctkit_bic", "ca_routing"}, validatortags.Tags, "the option does not change Tags")
}

// TestAccountPackagesPullNoValidator is the check CI runs with the tests:
// the three account packages must build without validator/v10.
func TestAccountPackagesPullNoValidator(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH to list dependencies with")
	}
	out, err := exec.Command(goBin, "list", "-deps",
		"github.com/acctkit/acctkit/account",
		"github.com/acctkit/acctkit/account/artu",
		"github.com/acctkit/acctkit/account/synctera").CombinedOutput()
	require.NoError(t, err, string(out))
	require.Contains(t, string(out), "github.com/acctkit/acctkit/account/artu", "go list ran on the packages")
	for _, dep := range strings.Fields(string(out)) {
		assert.NotContains(t, dep, "go-playground", "validator reaches the account packages")
	}
}
