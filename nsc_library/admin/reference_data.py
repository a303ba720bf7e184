"""Editors' reference data: the member cities' profiles and places, the Nordic models' texts, and
the EUR rate table.

Views of the `admin` blueprint (editors and administrators only); admin/views.py lists their
URLs with the others.
"""

from __future__ import annotations

import logging

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from nsc_library.admin.forms import CityDetailsForm, NordicModelForm, RateForm
from nsc_library.extensions import db
from nsc_library.forms import form_message, lines, links_text, options, parse_links
from nsc_library.lookups import model_or_404
from nsc_library.models import City, NordicModel
from nsc_library.services import catalogue, cities, eur_rates, network, nordic_models

log = logging.getLogger(__name__)


def city_list():
    return render_template("admin/cities.html", cities=catalogue.cities())


def edit_city(city_id: int):
    city = city_or_404(city_id)
    form = city_details_form(obj=city)
    form.country.data = city.country_code
    return render_template("admin/city.html", city=city, form=form)


def save_city(city_id: int):
    """Editors keep a city's name, place on the map and membership up to date."""
    city = city_or_404(city_id)
    form = city_details_form()
    problems: list[str] = []
    if form.validate_on_submit():
        details = cities.CityDetails(
            name=form.name.data or "",
            country_code=form.country.data or "",
            latitude=form.latitude.data,
            longitude=form.longitude.data,
            description=form.description.data or "",
            member=bool(form.member.data),
            member_since=form.member_since.data,
        )
        try:
            cities.update_city(city, details, current_user)
        except cities.CityError as exc:
            db.session.rollback()
            problems = [str(exc)]
        else:
            db.session.commit()
            flash(_("Saved %(city)s.", city=city.name), "info")
            return redirect(url_for("admin.city_list"))
    return render_template("admin/city.html", city=city, form=form, problems=problems), 400


def city_details_form(obj: City | None = None) -> CityDetailsForm:
    form = CityDetailsForm(obj=obj)
    countries = catalogue.countries_nordic_first()
    form.country.choices = options([(c.code, c.name) for c in countries])
    return form


def city_or_404(city_id: int) -> City:
    city = db.session.get(City, city_id)
    if city is None:
        abort(404, description=_("There is no city with this number."))
    return city


def model_list():
    return render_template("admin/models.html", models=network.models())


def edit_model(slug: str):
    model = model_or_404(slug)
    form = model_form(obj=model)
    form.other_names.data = "\n".join(model.other_names)
    form.origin_country.data = model.origin_country_code or ""
    form.materials.data = links_text(model.materials)
    return render_template("admin/model.html", model=model, form=form)


def save_model(slug: str):
    """Editors keep a model's names and texts up to date; its address stays."""
    model = model_or_404(slug)
    return saved_model(model_form(), model)


def new_model():
    return render_template("admin/model.html", model=None, form=model_form())


def add_model():
    """A Nordic model the library did not have, for cities' practices to name."""
    return saved_model(model_form(), None)


def saved_model(form: NordicModelForm, model: NordicModel | None):
    if form.validate_on_submit():
        try:
            if model is None:
                model = nordic_models.add_model(model_details(form), current_user)
            else:
                nordic_models.update_model(model, model_details(form), current_user)
        except nordic_models.ModelError as exc:
            db.session.rollback()
            for key, message in exc.problems:
                form[key].errors = [*form[key].errors, form_message(key, message)]
        else:
            db.session.commit()
            flash(_("Saved %(model)s.", model=model.name), "info")
            return redirect(url_for("public.model", slug=model.slug))
    return render_template("admin/model.html", model=model, form=form), 400


def model_details(form: NordicModelForm) -> nordic_models.ModelDetails:
    return nordic_models.ModelDetails(
        name=form.name.data or "",
        other_names=tuple(lines(form.other_names.data)),
        origin_country_code=form.origin_country.data or "",
        origin_year=form.origin_year.data,
        origin=form.origin.data or "",
        idea=form.idea.data or "",
        how_it_works=form.how_it_works.data or "",
        legal_basis=form.legal_basis.data or "",
        materials=tuple(parse_links(form.materials.data)),
    )


def model_form(obj: NordicModel | None = None) -> NordicModelForm:
    form = NordicModelForm(obj=obj)
    countries = catalogue.countries_nordic_first()
    form.origin_country.choices = options(
        [("", _("Not stated"))] + [(c.code, c.name) for c in countries]
    )
    return form


def rates():
    return rates_page(RateForm(formdata=None))


def rates_page(form: RateForm, status: int = 200):
    table = eur_rates.current_table()
    years = sorted({year for by_year in table.rates.values() for year in by_year}, reverse=True)
    return render_template(
        "admin/rates.html",
        form=form,
        table=table,
        currencies=sorted(table.rates),
        years=years,
        saved_to=eur_rates.table_path(),
    ), status


def set_rate():
    form = RateForm()
    if not form.validate():
        return rates_page(form, 400)
    try:
        code, year, rate = eur_rates.set_rate(
            form.currency.data, form.year.data, form.rate.data, current_user
        )
    except eur_rates.RateError as exc:
        db.session.rollback()
        form[exc.field].errors = [*form[exc.field].errors, str(exc)]
        return rates_page(form, 400)
    except OSError:
        db.session.rollback()
        log.exception("the EUR rate table could not be written to %s", eur_rates.table_path())
        flash(_("The rate table could not be saved: the file cannot be written."), "error")
        return rates_page(form, 503)
    db.session.commit()
    flash(
        _("Saved: 1 %(code)s = %(rate)s EUR in %(year)d.", code=code, rate=rate, year=year),
        "info",
    )
    return redirect(url_for("admin.rates"))
