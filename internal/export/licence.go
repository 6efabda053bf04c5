package export

// licenceText is the archive's LICENCE.md: the Licence Ouverte / Open
// Licence 2.0 of Etalab, its terms in short and where its full text is.
const licenceText = `# Licence Ouverte / Open Licence — version 2.0

Ces données sont mises à disposition sous la **Licence Ouverte / Open Licence version 2.0**
(Etalab, avril 2017), licence de réutilisation des informations publiques recommandée par
l'administration française et compatible avec la licence Creative Commons Attribution (CC-BY 2.0
et ultérieures) et l'Open Government Licence du Royaume-Uni.

Texte intégral : https://www.etalab.gouv.fr/licence-ouverte-open-licence/
(PDF : https://www.etalab.gouv.fr/wp-content/uploads/2017/04/ETALAB-Licence-Ouverte-v2.0.pdf)

## Ce que la licence permet

Le « Concédant » concède au « Réutilisateur » un droit non exclusif et gratuit de libre
« Réutilisation » de l'« Information » objet de la licence, à des fins commerciales ou non, dans le
monde entier et pour une durée illimitée. Le Réutilisateur est libre de :

- reproduire, copier, publier et transmettre l'Information ;
- diffuser et redistribuer l'Information ;
- adapter, modifier, extraire et transformer l'Information, notamment pour créer des
  « Informations dérivées » ;
- exploiter l'Information à titre commercial, par exemple en la combinant avec d'autres
  informations, ou en l'incluant dans son propre produit ou application.

## Sous réserve de

Mentionner la paternité de l'Information : sa source (au moins le nom du Concédant, ici
« Comités locaux du travail social — portail CLTS ») et la date de sa dernière mise à jour (la date
de l'export, dans le README.md). Le Réutilisateur peut notamment s'acquitter de cette condition en
renvoyant, par un lien hypertexte, vers la source de l'Information.

Cette mention de paternité ne doit ni conférer un caractère officiel à la Réutilisation de
l'Information, ni suggérer une quelconque reconnaissance ou caution par le Concédant, ou par toute
autre entité publique, du Réutilisateur ou de sa Réutilisation.

## Données à caractère personnel

L'Information ne contient aucune donnée à caractère personnel, sinon les noms des auteurs qui ont
accepté qu'ils soient publiés avec leur contribution. Leur Réutilisation est soumise au règlement
général sur la protection des données (RGPD) et à la loi « Informatique et libertés ».

## Responsabilité

L'Information est mise à disposition telle que produite ou reçue par le Concédant, sans autre
garantie expresse ou tacite que celles prévues par la licence. Le Réutilisateur est seul responsable
de la Réutilisation de l'Information.
`
