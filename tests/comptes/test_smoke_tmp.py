def test_login_page(client, etablissement):
    r = client.get("/compte/connexion/")
    assert r.status_code == 200, r.content
    r = client.post("/compte/connexion/", {"site": "valognes", "identifiant": "x", "password": "y"})
    assert r.status_code == 400
    print(r.content.decode()[:3000])


def test_accueil(client_r1, irina):
    r = client_r1.get("/accueil/")
    assert r.status_code == 200, r.content
    print(r.content.decode())
