"""The DateFormula scalar: neutral form in and out; a malformed formula is a payload error."""

from __future__ import annotations

from server.models import Activity, ActivityStep
from tests.api.conftest import GraphQLClient

CREATE = """
mutation($input: ActivityCreateInput!) {
  activityCreate(input: $input) {
    activity { steps { dateFormula } }
    errors { code field message }
  }
}
"""


def _input(*formulas: object) -> dict[str, object]:
    steps = [{"description": f"Step {n}", "dateFormula": f} for n, f in enumerate(formulas)]
    return {"input": {"code": "FAIR", "description": "Fair", "steps": steps}}


async def test_formulas_come_back_in_neutral_form(gql: GraphQLClient):
    body = await gql(CREATE, _input("<cm+1d>", " -wd2 ", ""))

    assert body["data"]["activityCreate"] == {
        "activity": {
            "steps": [{"dateFormula": "CM+1D"}, {"dateFormula": "-WD2"}, {"dateFormula": ""}]
        },
        "errors": [],
    }
    assert await ActivityStep.all().order_by("step_no").values_list("date_formula", flat=True) == [
        "CM+1D",
        "-WD2",
        "",
    ]


async def test_a_malformed_formula_in_variables_is_a_payload_error_naming_the_part(
    gql: GraphQLClient,
):
    body = await gql(CREATE, _input("1W", "CM+1X"))

    (error,) = body["data"]["activityCreate"]["errors"]
    assert (error["code"], error["field"]) == (
        "DATE_FORMULA_INVALID",
        ["input", "steps", "1", "dateFormula"],
    )
    assert "at '+1X'" in error["message"]
    assert body["data"]["activityCreate"]["activity"] is None
    assert await Activity.all().count() == 0


async def test_a_malformed_formula_written_in_the_document_is_a_payload_error_too(
    gql: GraphQLClient,
):
    body = await gql(
        'mutation { activityCreate(input: {code: "FAIR", description: "Fair", '
        'steps: [{description: "Call", dateFormula: "2Q+"}]}) { errors { code field message } } }'
    )

    (error,) = body["data"]["activityCreate"]["errors"]
    assert (error["code"], error["field"]) == (
        "DATE_FORMULA_INVALID",
        ["input", "steps", "0", "dateFormula"],
    )
    assert "2Q+" in error["message"]
    assert await Activity.all().count() == 0


async def test_a_formula_that_is_not_a_string_is_refused_before_execution(gql: GraphQLClient):
    body = await gql(CREATE, _input(5))

    assert body.get("data") is None
    (error,) = body["errors"]
    assert "Value cannot represent a DateFormula: 5. Expected a string" in error["message"]
    assert ".steps[0].dateFormula" in error["message"]
    assert await Activity.all().count() == 0


async def test_zero_padded_formulas_are_stored_as_the_formula_they_mean(gql: GraphQLClient):
    body = await gql(CREATE, _input("0000001D", "D0000015"))

    assert body["data"]["activityCreate"]["activity"] == {
        "steps": [{"dateFormula": "1D"}, {"dateFormula": "D15"}]
    }
    assert await ActivityStep.all().order_by("step_no").values_list("date_formula", flat=True) == [
        "1D",
        "D15",
    ]


async def test_a_padded_number_over_the_limit_is_refused_and_nothing_is_stored(
    gql: GraphQLClient,
):
    body = await gql(CREATE, _input("00000010000D"))

    (error,) = body["data"]["activityCreate"]["errors"]
    assert error["code"] == "DATE_FORMULA_INVALID"
    assert "at most 9999" in error["message"]
    assert await Activity.all().count() == 0
