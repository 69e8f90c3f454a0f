"""Built-in name data: surnames, first names, authorities, associations.

Surnames are stored in their ordinary mixed case ("Le Gall", "de La Tour", "N'Diaye");
a rendering prints them as they are or in capitals.
"""

from __future__ import annotations


def _words(block: str) -> tuple[str, ...]:
    """Split a comma-separated block into unique, stripped items (first occurrence kept)."""
    items = (item.strip() for item in block.replace("\n", ",").split(","))
    return tuple(dict.fromkeys(item for item in items if item))


SURNAMES: tuple[str, ...] = _words(
    """
    Martin, Bernard, Dubois, Thomas, Robert, Richard, Petit, Durand, Leroy, Moreau, Simon,
    Laurent, Lefèvre, Michel, Garcia, David, Bertrand, Roux, Vincent, Fournier, Morel,
    Girard, André, Mercier, Dupont, Lambert, Bonnet, François, Martinez, Legrand, Garnier,
    Faure, Rousseau, Blanc, Guérin, Muller, Henry, Roussel, Nicolas, Perrin, Morin,
    Mathieu, Clément, Gauthier, Dumont, Lopez, Fontaine, Chevalier, Robin, Masson, Sanchez,
    Gérard, Nguyen, Boyer, Denis, Lemaire, Duval, Joly, Gautier, Roger, Roche, Roy, Noël,
    Meyer, Lucas, Meunier, Jean, Pérez, Marchand, Dufour, Blanchard, Brun, Barbier, Hubert,
    Brunet, Schmitt, Leclerc, Rivière, Lemoine, Colin, Vidal, Caron, Picard, Roger, Renaud,
    Fabre, Aubert, Ménard, Hervé, Bréhier, Cuillerier, Pillet, Guéguen, Prévost, Bégué,
    Lebœuf, Desbois, Chauvière, Thébault, Pelletier, Besnard, Gaudichau, Quéré, Bodic,
    Ollivier, Kerbrat, Jégou, Tanguy, Hamon, Cadiou, Botuha, Iriart, Etcheverry, Santoni,
    Rossi, Lombardi, Klein, Schneider, Weber, Haddad, Benali, Bouzid, Traoré, Diallo, Koné,
    Tran, Ferreira, Pereira, Oliveira, Gonçalves, Le Gall, Le Bris, Le Goff, Le Tarnec,
    Le Fur, Le Cam, Le Bayon, de La Tour, d'Artois, du Plessis, de Boisgelin, de Miscault,
    N'Diaye, N'Guessan, Martin-Laval, Bonvin-Gallas, Théron-Caplain, Sans-Chagrin,
    Favre-Mercuret, Da Silva, Van Landunt, Saint-Cyr, Lévêque, Bœuf, Aït-Ahmed, Dell'Acqua
    """
)

FEMALE_FIRST: tuple[str, ...] = _words(
    """
    Marie, Nathalie, Isabelle, Sylvie, Catherine, Valérie, Christine, Sandrine, Véronique,
    Sophie, Hélène, Agnès, Martine, Françoise, Brigitte, Patricia, Céline, Aurélie, Émilie,
    Stéphanie, Claire, Anne, Julie, Camille, Chloé, Léa, Manon, Noémie, Zoé, Anaïs, Gaëlle,
    Maëlle, Géraldine, Bénédicte, Solène, Mélanie, Karine, Monique, Josiane, Yvette, Nadia,
    Fatima, Yasmina, Aminata, Inès, Marie-Christine, Anne-Sophie, Marie-Françoise,
    Marie-Thérèse, Élisabeth, Laurence, Pascale, Odile, Ghislaine
    """
)
MALE_FIRST: tuple[str, ...] = _words(
    """
    Jean, Pierre, Michel, Philippe, Alain, Patrick, Nicolas, Christophe, Christian, Daniel,
    Bernard, Éric, Frédéric, Laurent, Stéphane, Pascal, David, Olivier, Thierry, Gérard,
    Didier, Dominique, Sébastien, Jérôme, Julien, Hervé, Yannick, Loïc, Gaël, Benoît,
    Hugues, Rémi, Grégoire, Maxime, Thomas, Antoine, Mathieu, Yves, Joël, Raymond, Karim,
    Mohamed, Mamadou, Kévin, Jean-Pierre, Jean-Luc, Jean-Marc, Jean-François, Pierre-Yves,
    Marc-Antoine, François, Guy, René
    """
)

# (name, article form used after "de": "du Finistère", code for the ACTES id, seat)
DEPARTEMENTS: tuple[tuple[str, str, str, str], ...] = (
    ("Finistère", "du Finistère", "029", "Quimper"),
    ("Côtes-d'Armor", "des Côtes-d'Armor", "022", "Saint-Brieuc"),
    ("Loiret", "du Loiret", "045", "Orléans"),
    ("Aude", "de l'Aude", "011", "Carcassonne"),
    ("Indre", "de l'Indre", "036", "Châteauroux"),
    ("Morbihan", "du Morbihan", "056", "Vannes"),
    ("Eure-et-Loir", "d'Eure-et-Loir", "028", "Chartres"),
    ("Isère", "de l'Isère", "038", "Grenoble"),
    ("Vendée", "de la Vendée", "085", "La Roche-sur-Yon"),
    ("Hérault", "de l'Hérault", "034", "Montpellier"),
    ("Allier", "de l'Allier", "003", "Moulins"),
    ("Moselle", "de la Moselle", "057", "Metz"),
    ("Gironde", "de la Gironde", "033", "Bordeaux"),
    ("Pas-de-Calais", "du Pas-de-Calais", "062", "Arras"),
    ("Haute-Savoie", "de la Haute-Savoie", "074", "Annecy"),
    ("Bas-Rhin", "du Bas-Rhin", "067", "Strasbourg"),
    ("Pyrénées-Atlantiques", "des Pyrénées-Atlantiques", "064", "Pau"),
    ("Haute-Saône", "de la Haute-Saône", "070", "Vesoul"),
    ("Ain", "de l'Ain", "001", "Bourg-en-Bresse"),
)

# commune -> index in DEPARTEMENTS
COMMUNES: tuple[tuple[str, int], ...] = (
    ("Saint-Martin-des-Champs", 0),
    ("Plougonven", 0),
    ("Lanmeur", 0),
    ("Plouguerneau", 0),
    ("Langueux", 1),
    ("Trégueux", 1),
    ("Saint-Quay-Portrieux", 1),
    ("Plérin", 1),
    ("Saint-Ay", 2),
    ("Chécy", 2),
    ("Meung-sur-Loire", 2),
    ("Montolieu", 3),
    ("Saissac", 3),
    ("Villasavary", 3),
    ("Écueillé", 4),
    ("Valençay", 4),
    ("Mézières-en-Brenne", 4),
    ("Pluvigner", 5),
    ("Locoal-Mendon", 5),
    ("Le Faouët", 5),
    ("Voves", 6),
    ("Épernon", 6),
    ("Nogent-le-Roi", 6),
    ("Saint-Égrève", 7),
    ("Vif", 7),
    ("Le Versoud", 7),
    ("Les Herbiers", 8),
    ("Mortagne-sur-Sèvre", 8),
    ("La Roche-sur-Yon", 8),
    ("Saint-Jean-de-Védas", 9),
    ("Pignan", 9),
    ("Gignac", 9),
    ("Varennes-sur-Allier", 10),
    ("Saint-Pourçain-sur-Sioule", 10),
    ("Hagondange", 11),
    ("Bitche", 11),
    ("Rombas", 11),
    ("Créon", 12),
    ("Le Haillan", 12),
    ("Saint-Médard-en-Jalles", 12),
    ("Aire-sur-la-Lys", 13),
    ("Fruges", 13),
    ("Hesdin", 13),
    ("Thônes", 14),
    ("Saint-Jorioz", 14),
    ("La Roche-sur-Foron", 14),
    ("Obernai", 15),
    ("Molsheim", 15),
    ("Wissembourg", 15),
    ("Hasparren", 16),
    ("Saint-Pée-sur-Nivelle", 16),
    ("Oloron-Sainte-Marie", 16),
    ("Couthenans", 17),
    ("Héricourt", 17),
    ("Gex", 18),
    ("Ferney-Voltaire", 18),
    ("Thoiry", 18),
)

# (EPCI name, seat commune, index in DEPARTEMENTS, member communes)
EPCIS: tuple[tuple[str, str, int, tuple[str, ...]], ...] = (
    (
        "Communauté de communes du Val de Sèvre et Vendée",
        "Mortagne-sur-Sèvre",
        8,
        ("Mortagne-sur-Sèvre", "Les Herbiers", "Saint-Laurent-sur-Sèvre", "Tiffauges"),
    ),
    (
        "Communauté de communes Cœur de Brenne",
        "Mézières-en-Brenne",
        4,
        ("Mézières-en-Brenne", "Rosnay", "Saint-Michel-en-Brenne", "Lingé"),
    ),
    (
        "Communauté de communes du Pays de Morlaix-Léon",
        "Saint-Martin-des-Champs",
        0,
        ("Saint-Martin-des-Champs", "Plougonven", "Lanmeur", "Taulé", "Carantec"),
    ),
    (
        "Communauté de communes des Portes Euréliennes d'Île-de-France",
        "Épernon",
        6,
        ("Épernon", "Nogent-le-Roi", "Maintenon", "Gallardon", "Pierres"),
    ),
    (
        "Communauté de communes du Val d'Allier Sud",
        "Varennes-sur-Allier",
        10,
        ("Varennes-sur-Allier", "Saint-Pourçain-sur-Sioule", "Créchy", "Billy"),
    ),
    (
        "Communauté d'agglomération du Pays de Gex",
        "Gex",
        18,
        ("Gex", "Divonne-les-Bains", "Ferney-Voltaire", "Thoiry", "Prévessin-Moëns"),
    ),
    (
        "Communauté de communes du Val de Loire et Forêt",
        "Meung-sur-Loire",
        2,
        ("Meung-sur-Loire", "Saint-Ay", "Chécy", "Baule", "Cléry-Saint-André"),
    ),
    (
        "Communauté de communes de la Montagne Noire",
        "Saissac",
        3,
        ("Saissac", "Montolieu", "Villasavary", "Cuxac-Cabardès"),
    ),
    (
        "Communauté de communes du Pays d'Obernai",
        "Obernai",
        15,
        ("Obernai", "Bernardswiller", "Krautergersheim", "Meistratzheim"),
    ),
)

REGIONS: tuple[tuple[str, str, str], ...] = (
    ("Région Bretagne", "Rennes", "035"),
    ("Région Centre-Val de Loire", "Orléans", "045"),
    ("Région Hauts-de-France", "Lille", "059"),
    ("Région Occitanie", "Toulouse", "031"),
)

# beneficiaries: associations of a commune ({c} = commune name, {of_c} = "de X" / "d'X" / "du X")
ASSOCIATIONS: tuple[str, ...] = _words(
    """
    Comité des fêtes {of_c}, Association sportive {of_c},
    Amicale des sapeurs-pompiers {of_c},
    Association des parents d'élèves de l'école Jules-Ferry,
    Club des aînés « Les Tilleuls », ADMR {of_c}, Les Restos du Cœur,
    Secours populaire français, Union sportive {of_c} (football), Association Rollers Cops,
    Coopérative scolaire de l'école maternelle, Association Les Amis du Patrimoine,
    Harmonie municipale {of_c}, Tennis club {of_c}, Association Familles Rurales,
    Judo-club {c}, Comité de jumelage {c}, Société de chasse « La Saint-Hubert »,
    Association Art et Culture en pays {of_c}, Bibliothèque pour tous,
    Croix-Rouge française – unité locale, Association d'Aide à Domicile en Milieu Rural,
    Gymnastique volontaire {c}, Association Les P'tits Loups
    """
)

# beneficiaries of a département / région: communes and groupings ({d} = département)
PUBLIC_BENEFICIARIES: tuple[str, ...] = (
    "Commune {of_c}",
    "Syndicat intercommunal à vocation scolaire {of_c}",
    "Centre communal d'action sociale {of_c}",
    "Office de tourisme intercommunal",
    "Association départementale des maires {d}",
    "Mission locale du pays {of_c}",
)

SUBSIDY_PURPOSES: tuple[str, ...] = (
    "fonctionnement {y}",
    "organisation de la fête communale",
    "achat de matériel sportif",
    "voyage scolaire",
    "animations de Noël",
    "restauration du lavoir",
    "saison culturelle",
    "aide alimentaire",
    "tournoi régional des jeunes",
    "aide exceptionnelle",
)
