"""POST /api/v1/imports/{kind} and GET /api/v1/imports/jobs/{id}."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from fazhi.core.models import Unit
from fazhi.imports import jobs
from fazhi.imports.tests.conftest import UNIT_HEADERS, unit_rows, xlsx

URL = "/api/v1/imports/"


def post(client, kind, content, name="units.xlsx"):
    return client.post(f"{URL}{kind}", {"file": SimpleUploadedFile(name, content)})


def test_import_ok(tree, client_as):
    response = post(client_as(tree.admin), "units", xlsx(UNIT_HEADERS, unit_rows(3)))
    assert response.status_code == 200, response.content
    assert response.json()["rows"] == 3
    assert Unit.objects.filter(name__startswith="东城测试单位").count() == 3


def test_import_errors_422(tree, client_as):
    rows = unit_rows(3)
    rows[0][3] = "990103"  # the parent 东城区人民政府 is in county A: a unit cannot hang under it
    response = post(client_as(tree.admin), "units", xlsx(UNIT_HEADERS, rows))
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "导入失败：共 1 处错误，没有写入任何数据。"
    [error] = body["errors"]
    assert set(error) == {"row", "column", "message"}
    assert error["row"] == 2 and error["column"] == "上级单位" and "不能挂在其他区划的单位之下" in error["message"]
    assert not Unit.objects.filter(name__startswith="东城测试单位").exists()


def test_unreadable_file_422(tree, client_as):
    response = post(client_as(tree.admin), "units", b"%PDF-1.7 not a workbook")
    assert response.status_code == 422
    body = response.json()
    assert "不是有效的 Excel 工作簿" in body["detail"]
    assert body["errors"][0]["row"] is None


def test_missing_file_422_matches_the_documented_schema(tree, client_as):
    # The route documents its own 422 (row errors); a request without a file gets field errors instead,
    # which the document did not allow (found by tests/test_api_schema.py).
    api = client_as(tree.admin)
    response = api.post(f"{URL}units", {})
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert set(error) == {"field", "message"} and error["message"] == "缺少此字段"
    schema = api.get("/api/v1/openapi.json").json()["components"]["schemas"]["ImportErrorsOut"]
    assert {item["$ref"] for item in schema["properties"]["errors"]["items"]["anyOf"]} == {
        "#/components/schemas/RowErrorOut", "#/components/schemas/FieldErrorOut"}


def test_big_file_202_then_job(tree, client_as, settings):
    settings.FAZHI = {**settings.FAZHI, "IMPORT_BACKGROUND_ROWS": 10}
    client = client_as(tree.admin)
    response = post(client, "units", xlsx(UNIT_HEADERS, unit_rows(30)))
    assert response.status_code == 202
    job_id = response.json()["job"]
    assert client.get(f"{URL}jobs/{job_id}").json()["status"] == "queued"
    call_command("worker", "--once", verbosity=0)
    body = client.get(f"{URL}jobs/{job_id}").json()
    assert (body["status"], body["done"], body["total"], body["percent"]) == ("succeeded", 30, 30, 100)
    assert body["result"]["rows"] == 30


def test_access(tree, client_as, client):
    content = xlsx(UNIT_HEADERS, unit_rows(1))
    assert post(client, "units", content).status_code == 401
    assert post(client_as(tree.leader_a), "units", content).status_code == 404
    assert post(client_as(tree.coordinator_a), "regions", content).status_code == 404  # admins only
    assert post(client_as(tree.admin), "cars", content).status_code == 404
    job = jobs.enqueue(kind="import", actor=tree.coordinator_a, label="东城单位导入")
    assert client_as(tree.outsider).get(f"{URL}jobs/{job.pk}").status_code == 404
    assert client_as(tree.coordinator_a).get(f"{URL}jobs/{job.pk}").status_code == 200
    assert not Unit.objects.filter(name__startswith="东城测试单位").exists()


def test_kinds(tree, client_as):
    keys = [k["key"] for k in client_as(tree.coordinator_a).get(URL).json()]
    # The tree's kinds first, then each module's; regions are for administrators only.
    assert keys[:3] == ["units", "staff", "normative_documents"] and "regions" not in keys
    assert {"tasks", "questions", "indicators", "enforcement_officers", "enforcement_items"} <= set(keys)
    units = client_as(tree.admin).get(URL).json()[1]
    assert units["columns"][2]["header"] == "单位类型" and "政府部门" in units["columns"][2]["choices"]
    assert client_as(tree.leader_a).get(URL).json() == []
