from fazhi.core.access import CHANGE, SYSTEM
from fazhi.core.models import Region, Unit, User


def names(qs):
    return set(qs.values_list("name", flat=True))


def test_region_subtree_scope(tree):
    visible = names(Unit.objects.visible_to(tree.coordinator_a))
    assert visible == {"东城区人民政府", "东城区司法局", "东城区市场监督管理局", "东城街道办事处"}


def test_city_coordinator_sees_both_counties(tree):
    visible = names(Unit.objects.visible_to(tree.city_coordinator))
    assert "西山县司法局" in visible and "东城区司法局" in visible


def test_unit_subtree_scope(tree):
    assert names(Unit.objects.visible_to(tree.officer_a)) == {"东城区市场监督管理局"}


def test_unit_scope(tree):
    assert names(Unit.objects.visible_to(tree.enforcer_a)) == {"东城区市场监督管理局"}


def test_no_role_and_anonymous_see_nothing(tree):
    from django.contrib.auth.models import AnonymousUser

    assert not Unit.objects.visible_to(tree.no_role).exists()
    assert not Unit.objects.visible_to(AnonymousUser()).exists()
    assert not Unit.objects.visible_to(None).exists()


def test_leader_reads_but_cannot_change(tree):
    assert Unit.objects.visible_to(tree.leader_a).filter(name="东城区司法局").exists()
    assert not Unit.objects.visible_to(tree.leader_a, CHANGE).exists()


def test_inactive_user_sees_nothing(tree):
    tree.coordinator_a.is_active = False
    tree.coordinator_a.save()
    user = User.objects.get(pk=tree.coordinator_a.pk)
    assert not Unit.objects.visible_to(user).exists()


def test_regions_subtree_and_ancestors(tree):
    codes = set(Region.objects.visible_to(tree.coordinator_a).values_list("code", flat=True))
    assert codes == {"990000", "990100", "990102", "990102001"}
    assert set(Region.objects.visible_to(tree.coordinator_a, CHANGE).values_list("code", flat=True)) == set()
    admin_codes = set(Region.objects.visible_to(tree.admin, CHANGE).values_list("code", flat=True))
    assert "990103" in admin_codes


def test_users_follow_their_unit(tree):
    visible = set(User.objects.visible_to(tree.coordinator_a).values_list("username", flat=True))
    assert "coord_b" not in visible and "officer_a" in visible


def test_system_sees_everything(tree):
    assert Unit.objects.visible_to(SYSTEM).count() == Unit.objects.count()


def test_unit_path_follows_moves(tree):
    tree.dept_a.parent = tree.justice_a
    tree.dept_a.save()
    tree.dept_a.refresh_from_db()
    assert tree.dept_a.path == f"{tree.justice_a.path}{tree.dept_a.pk}/"
    assert set(Unit.objects.filter(path__startswith=tree.gov_a.path).values_list("name", flat=True)) >= {
        "东城区市场监督管理局"}
