"""SEPA: the creditor identifier's check digits, IBAN and BIC through schwifty, mandates
(signed online by guardian 1, paper ones, revoked; unique RUM), the collection file
(FRST then RCUR, one payment per instalment, the XML valid against pain.008.001.02) and
rejects (by hand and from a pain.002 report: payment reversed, instalment to pay,
family told, fee invoiced)."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from lxml import etree

from facturation import lecture
from facturation.models import (
    Echeance,
    LignePrelevement,
    MandatSepa,
    ModeReglement,
    Nature,
    Reglement,
)
from facturation.sepa_validation import iban_masque, normaliser_bic, normaliser_ics
from facturation.services import (
    FacturationError,
    mandat_revoquer,
    mandat_signer,
    rejet_enregistrer,
    rejets_importer,
    remise_apercu,
    remise_creer,
    reste_a_payer,
)
from imuse.journal import journal_de
from imuse.models import Courriel
from tests.facturation import sepa_outils as so

XSD = Path(__import__("sepaxml").__file__).parent / "schemas" / "pain.008.001.02.xsd"


def lire(remise) -> bytes:
    with remise.fichier.open("rb") as fichier:
        return fichier.read()


def valider_pain008(contenu: bytes) -> etree._Element:
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    document = etree.fromstring(contenu)
    schema.assertValid(document)
    return document


def test_creditor_identifier_check_digits():
    assert normaliser_ics("fr72 zzz 123456") == "FR72ZZZ123456"
    with pytest.raises(ValidationError, match="clé"):
        normaliser_ics("FR73ZZZ123456")
    with pytest.raises(ValidationError, match="13 caractères"):
        normaliser_ics("DE98ZZZ09999999999")


def test_iban_and_bic_checked_and_the_iban_masked():
    with pytest.raises(ValidationError):
        normaliser_bic("BNPAFRP", "")
    with pytest.raises(ValidationError, match="autre pays"):
        normaliser_bic("COBADEFFXXX", so.IBAN_FAMILLE)
    assert iban_masque(so.IBAN_FAMILLE) == "•••• •••• •••• •••• •••• •••• 0189"


def test_guardian_1_signs_online_with_consent_journaled(famille, responsable1, responsable2):
    so.creancier(famille.etablissement)
    with pytest.raises(FacturationError, match="responsable 1"):
        mandat_signer(
            responsable=responsable2,
            iban=so.IBAN_FAMILLE,
            bic="",
            titulaire="X",
            consentement=True,
            par=responsable2.utilisateur,
        )
    with pytest.raises(FacturationError, match="accord"):
        mandat_signer(
            responsable=responsable1,
            iban=so.IBAN_FAMILLE,
            bic="",
            titulaire="X",
            consentement=False,
            par=responsable1.utilisateur,
        )
    mandat = mandat_signer(
        responsable=responsable1,
        iban="fr76 3000 6000 0112 3456 7890 189",
        bic="",
        titulaire="Irène Martin",
        consentement=True,
        par=responsable1.utilisateur,
    )
    assert mandat.iban == so.IBAN_FAMILLE and mandat.bic == so.BIC_FAMILLE
    assert mandat.source == MandatSepa.Source.EN_LIGNE and mandat.sequence == "FRST"
    assert "vous autorisez" in mandat.consentement
    assert journal_de(mandat).get().action == "mandat.signer"
    with pytest.raises(FacturationError, match="déjà un mandat actif"):
        so.mandat(famille)
    mandat_revoquer(mandat=mandat, motif="Changement de banque", par=None)
    nouveau = so.mandat(famille)
    assert nouveau.rum != mandat.rum


def test_no_mandate_without_the_school_s_ics(famille):
    with pytest.raises(FacturationError, match="ICS"):
        so.mandat(famille)


@pytest.fixture
def preleve(famille, irina):
    so.creancier(famille.etablissement, frais="7.50")
    mandat = so.mandat(famille)
    facture = so.facture_en_trois(famille, irina)
    return mandat, facture


def test_collection_file_frst_then_rcur_valid_against_the_schema(preleve, autre_famille, staff):
    mandat, facture = preleve
    # Another family without a mandate, and one with a revoked mandate: not collected.
    so.facture_en_trois(autre_famille)
    apercu = remise_apercu(etablissement=facture.etablissement, date_echeance=date(2026, 11, 30))
    assert [(d.echeance.rang, d.sequence, d.montant) for d in apercu] == [
        (1, "FRST", Decimal("33.33"))
    ]
    remise = remise_creer(
        etablissement=facture.etablissement, date_echeance=date(2026, 11, 30), par=staff
    )
    document = valider_pain008(lire(remise))
    ns = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"}
    assert document.findtext(".//p:SeqTp", namespaces=ns) == "FRST"
    assert document.findtext(".//p:MndtId", namespaces=ns) == mandat.rum
    assert document.findtext(".//p:CdtrSchmeId//p:Othr/p:Id", namespaces=ns) == so.ICS
    assert document.findtext(".//p:InstdAmt", namespaces=ns) == "33.33"
    ligne = remise.lignes.get()
    assert ligne.reglement.mode == ModeReglement.PRELEVEMENT
    assert ligne.reglement.imputations.get().facture == facture
    assert reste_a_payer(facture) == Decimal("66.67")
    assert (
        ligne.echeance.statut == "a_payer"
        or Echeance.objects.get(pk=ligne.echeance_id).statut == Echeance.Statut.PRELEVEE
    )
    assert journal_de(remise).get().action == "remise.creer"
    assert journal_de(ligne.reglement).filter(action="reglement.enregistrer").exists()
    # Nothing twice; the next instalments go RCUR.
    with pytest.raises(FacturationError, match="Aucune échéance"):
        remise_creer(
            etablissement=facture.etablissement, date_echeance=date(2026, 11, 30), par=staff
        )
    suivante = remise_creer(
        etablissement=facture.etablissement, date_echeance=date(2027, 1, 31), par=staff
    )
    document = valider_pain008(lire(suivante))
    assert {e.text for e in document.iterfind(".//p:SeqTp", ns)} == {"RCUR"}
    assert suivante.nombre == 2 and suivante.montant == Decimal("66.67")
    assert reste_a_payer(facture) == Decimal("0.00")


def test_a_revoked_mandate_or_another_payment_method_is_not_collected(preleve):
    mandat, facture = preleve
    MandatSepa.objects.filter(pk=mandat.pk).update(prelever=False)
    assert not remise_apercu(etablissement=facture.etablissement, date_echeance=date(2027, 6, 1))
    MandatSepa.objects.filter(pk=mandat.pk).update(prelever=True)
    mandat_revoquer(mandat=mandat, motif="", par=None)
    assert not remise_apercu(etablissement=facture.etablissement, date_echeance=date(2027, 6, 1))


def test_a_reject_reverses_the_payment_tells_the_family_and_invoices_the_fee(
    preleve, responsable1, staff, django_capture_on_commit_callbacks
):
    mandat, facture = preleve
    remise = remise_creer(
        etablissement=facture.etablissement, date_echeance=date(2026, 11, 30), par=staff
    )
    ligne = remise.lignes.get()
    with pytest.raises(FacturationError):
        rejet_enregistrer(ligne=ligne, motif="XX99", par=staff)
    with django_capture_on_commit_callbacks(execute=True):
        rejet_enregistrer(ligne=ligne, motif="AM04", par=staff, jour=date(2026, 12, 3))
    ligne.refresh_from_db()
    echeance = Echeance.objects.get(pk=ligne.echeance_id)
    assert echeance.statut == Echeance.Statut.A_PAYER and echeance.rejets == 1
    assert reste_a_payer(facture) == Decimal("100.00")
    assert not ligne.reglement.imputations.exists()
    mandat.refresh_from_db()
    assert mandat.sequence == "FRST"  # the first debit failed: FRST again
    # The fee: an invoice with one instalment, collected with the next file.
    assert ligne.frais.montant == Decimal("7.50")
    assert ligne.frais.echeances.get().montant == Decimal("7.50")
    entree = journal_de(ligne.reglement).get(action="reglement.rejeter")
    assert entree.donnees["motif"] == "AM04"
    courriel = Courriel.objects.get(modele="notification_rejet", destinataire=responsable1.email)
    assert facture.numero in courriel.sujet and "AM04" in courriel.texte
    # The ledger shows the payment and its reject; the balance owes it again.
    compte = lecture.compte(facture.famille, Nature.COTISATION)
    assert compte.credit == Decimal("0.00")
    assert compte.solde == Decimal("107.50")
    assert lecture.montant_du(facture.famille) == Decimal("107.50")
    assert any("AM04" in e.libelle for e in compte.ecritures)
    with pytest.raises(FacturationError, match="déjà"):
        rejet_enregistrer(ligne=ligne, motif="AM04", par=staff)
    # The next file debits the instalment again (FRST) and the fee.
    prochaine = remise_creer(
        etablissement=facture.etablissement, date_echeance=date(2026, 12, 5), par=staff
    )
    assert sorted(ligne.montant for ligne in prochaine.lignes.all()) == [
        Decimal("7.50"),
        Decimal("33.33"),
    ]
    assert {ligne.sequence for ligne in prochaine.lignes.all()} == {"FRST"}


PAIN002 = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03">
 <CstmrPmtStsRpt>
  <GrpHdr><MsgId>RETOUR1</MsgId><CreDtTm>2026-12-03T10:00:00</CreDtTm></GrpHdr>
  <OrgnlGrpInfAndSts><OrgnlMsgId>X</OrgnlMsgId><OrgnlMsgNmId>pain.008.001.02</OrgnlMsgNmId>
   <GrpSts>PART</GrpSts></OrgnlGrpInfAndSts>
  <OrgnlPmtInfAndSts><OrgnlPmtInfId>P</OrgnlPmtInfId>
   <TxInfAndSts><OrgnlEndToEndId>{ref}</OrgnlEndToEndId><TxSts>RJCT</TxSts>
    <StsRsnInf><Rsn><Cd>AC04</Cd></Rsn></StsRsnInf></TxInfAndSts>
   <TxInfAndSts><OrgnlEndToEndId>INCONNU-1</OrgnlEndToEndId><TxSts>RJCT</TxSts>
    <StsRsnInf><Rsn><Cd>AM04</Cd></Rsn></StsRsnInf></TxInfAndSts>
  </OrgnlPmtInfAndSts>
 </CstmrPmtStsRpt>
</Document>"""


def test_rejects_from_the_bank_s_status_report(preleve, staff, autre_etablissement):
    _mandat, facture = preleve
    remise = remise_creer(
        etablissement=facture.etablissement, date_echeance=date(2026, 11, 30), par=staff
    )
    ligne = remise.lignes.get()
    contenu = PAIN002.format(ref=ligne.reference).encode()
    # Another school's report never touches this school's debits.
    ailleurs = rejets_importer(etablissement=autre_etablissement, contenu=contenu, par=staff)
    assert not ailleurs.rejetees and len(ailleurs.inconnues) == 2
    retour = rejets_importer(etablissement=facture.etablissement, contenu=contenu, par=staff)
    assert [r.reference for r in retour.rejetees] == [ligne.reference]
    assert retour.inconnues == ["INCONNU-1"]
    ligne.refresh_from_db()
    assert ligne.statut == LignePrelevement.Statut.REJETEE and ligne.motif_rejet == "AC04"
    again = rejets_importer(etablissement=facture.etablissement, contenu=contenu, par=staff)
    assert again.deja == [ligne.reference]
    with pytest.raises(FacturationError):
        rejets_importer(etablissement=facture.etablissement, contenu=b"<a>", par=staff)
    with pytest.raises(FacturationError):
        rejets_importer(
            etablissement=facture.etablissement,
            contenu=b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
            par=staff,
        )
    assert Reglement.objects.non_rejetes().filter(famille=facture.famille).count() == 0


def test_a_file_off_the_schema_is_refused():
    from facturation.services.prelevements import verifier_schema

    with pytest.raises(FacturationError, match="pain.008"):
        verifier_schema(
            b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"><X/></Document>'
        )
