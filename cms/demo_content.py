"""Texts of the demo site pages, in the three languages."""

THEMES = [
    {
        "es": (
            "Política pública local sobre movilidad humana",
            "Cómo los gobiernos locales diagnostican, planifican y coordinan servicios para "
            "personas migrantes, desplazadas y retornadas, y para las comunidades que las reciben.",
        ),
        "en": (
            "Local public policy on human mobility",
            "How local governments assess, plan and coordinate services for migrants, displaced "
            "and returning people, and for the communities that receive them.",
        ),
        "fr": (
            "Politiques publiques locales sur la mobilité humaine",
            "Comment les collectivités locales analysent, planifient et coordonnent les services "
            "destinés aux personnes migrantes, déplacées et de retour, et aux communautés d’accueil.",
        ),
    },
    {
        "es": (
            "Enfoque de género: asistencia y protección de mujeres y niñas migrantes",
            "Atención centrada en las sobrevivientes, rutas de derivación seguras y servicios que "
            "responden a los riesgos particulares que enfrentan mujeres y niñas en movilidad.",
        ),
        "en": (
            "Gender approach: assistance and protection of migrant women and girls",
            "Survivor-centred care, safe referral pathways and services that respond to the "
            "particular risks faced by women and girls on the move.",
        ),
        "fr": (
            "Approche de genre : assistance et protection des femmes et des filles migrantes",
            "Une prise en charge centrée sur les survivantes, des circuits d’orientation sûrs et "
            "des services adaptés aux risques propres aux femmes et aux filles en mobilité.",
        ),
    },
    {
        "es": (
            "Comunicación en movilidad humana y el Pacto Mundial para la Migración",
            "Lenguaje respetuoso y basado en derechos, información confiable para las personas "
            "migrantes y los 23 objetivos del Pacto Mundial explicados para lo local.",
        ),
        "en": (
            "Communication in human mobility and the Global Compact for Migration",
            "Respectful, rights-based language, reliable information for migrants, and the 23 "
            "objectives of the Global Compact explained for local action.",
        ),
        "fr": (
            "Communication sur la mobilité humaine et le Pacte mondial sur les migrations",
            "Un langage respectueux et fondé sur les droits, une information fiable pour les "
            "personnes migrantes et les 23 objectifs du Pacte mondial expliqués pour l’action locale.",
        ),
    },
    {
        "es": (
            "Búsqueda de personas migrantes desaparecidas e intercambio de información",
            "El papel de los gobiernos locales en la búsqueda e identificación de personas "
            "desaparecidas en contextos de migración, con las familias y entre países.",
        ),
        "en": (
            "Search for missing migrants and information exchange between countries",
            "The role of local governments in searching for and identifying people who go missing "
            "in the context of migration, with their families and across borders.",
        ),
        "fr": (
            "Recherche des personnes migrantes disparues et échange d’informations",
            "Le rôle des collectivités locales dans la recherche et l’identification des personnes "
            "disparues en contexte migratoire, avec les familles et entre les pays.",
        ),
    },
    {
        "es": (
            "Lucha contra el tráfico ilícito de migrantes y protección de sus víctimas",
            "Distinguir el tráfico ilícito de la trata de personas, identificar situaciones de "
            "riesgo y derivar a las personas afectadas hacia protección y asistencia.",
        ),
        "en": (
            "Countering migrant smuggling and protecting its victims",
            "Telling smuggling apart from trafficking in persons, recognising situations of risk "
            "and referring the people affected to protection and assistance.",
        ),
        "fr": (
            "Lutte contre le trafic illicite de migrants et protection de ses victimes",
            "Distinguer le trafic illicite de migrants de la traite des personnes, repérer les "
            "situations à risque et orienter les personnes concernées vers la protection.",
        ),
    },
]

HOME = {
    "es": {
        "title": "Inicio",
        "slug": "inicio",
        "hero_title": "Campus: formación para gobiernos locales sobre movilidad humana",
        "hero_text": (
            "Cursos gratuitos y a su propio ritmo para funcionarias y funcionarios de los países "
            "miembros de la Conferencia Regional sobre Migración. Aprenda, compare experiencias "
            "de otros municipios y obtenga un certificado verificable."
        ),
        "themes_heading": "Cinco líneas temáticas",
        "practices_heading": "Buenas prácticas de la región",
        "practices_intro": (
            "Los puntos focales de cada país comparten lo que funciona en sus municipios. "
            "La biblioteca de buenas prácticas estará disponible aquí muy pronto."
        ),
        "cta_title": "Empiece hoy",
        "cta_text": (
            "Cree su cuenta con su correo institucional, complete su perfil y elija su primer "
            "curso. Puede estudiar desde el teléfono y retomar donde lo dejó."
        ),
        "cta_label": "Conozca el Campus",
    },
    "en": {
        "title": "Home",
        "slug": "home",
        "hero_title": "Campus: training on human mobility for local governments",
        "hero_text": (
            "Free, self-paced courses for officials of the member countries of the Regional "
            "Conference on Migration. Learn, compare experiences from other municipalities and "
            "earn a certificate anyone can verify."
        ),
        "themes_heading": "Five themes",
        "practices_heading": "Good practices from the region",
        "practices_intro": (
            "Each country's focal points share what works in their municipalities. The "
            "good-practice library will be available here very soon."
        ),
        "cta_title": "Start today",
        "cta_text": (
            "Create your account with your work email, complete your profile and choose your "
            "first course. You can study on your phone and pick up where you left off."
        ),
        "cta_label": "About Campus",
    },
    "fr": {
        "title": "Accueil",
        "slug": "accueil",
        "hero_title": "Campus : se former à la mobilité humaine pour les collectivités locales",
        "hero_text": (
            "Des cours gratuits, à suivre à votre rythme, pour les agents publics des pays "
            "membres de la Conférence régionale sur les migrations. Apprenez, comparez les "
            "expériences d’autres municipalités et obtenez un certificat vérifiable."
        ),
        "themes_heading": "Cinq thématiques",
        "practices_heading": "Bonnes pratiques de la région",
        "practices_intro": (
            "Les points focaux de chaque pays partagent ce qui fonctionne dans leurs "
            "municipalités. La bibliothèque de bonnes pratiques sera bientôt disponible ici."
        ),
        "cta_title": "Commencez dès aujourd’hui",
        "cta_text": (
            "Créez votre compte avec votre adresse professionnelle, complétez votre profil et "
            "choisissez votre premier cours. Vous pouvez étudier sur votre téléphone et reprendre "
            "là où vous vous êtes arrêté."
        ),
        "cta_label": "À propos du Campus",
    },
}

ABOUT = {
    "es": {
        "title": "Acerca del Campus",
        "slug": "acerca",
        "introduction": (
            "El Campus es la plataforma de formación virtual de la Conferencia Regional sobre "
            "Migración (CRM) para fortalecer las capacidades de los gobiernos locales."
        ),
        "body": [
            ("heading", "¿Para quién es?"),
            (
                "rich_text",
                "<p>Para funcionarias y funcionarios municipales, estatales y nacionales de "
                "Belice, Canadá, Costa Rica, El Salvador, Estados Unidos, Guatemala, Honduras, "
                "México, Nicaragua, Panamá y República Dominicana que atienden a personas en "
                "movilidad o diseñan políticas públicas para ellas.</p>",
            ),
            ("heading", "¿Cómo funciona?"),
            (
                "rich_text",
                "<ul><li>Cursos a su propio ritmo, en español, inglés y francés.</li>"
                "<li>Actividades interactivas y cuestionarios con retroalimentación.</li>"
                "<li>Certificados que cualquier institución puede verificar en línea.</li>"
                "<li>Una biblioteca de buenas prácticas compartidas por los países miembros.</li></ul>",
            ),
            (
                "callout",
                "La plataforma está pensada para conexiones lentas y teléfonos: las páginas son "
                "livianas y su avance se guarda automáticamente.",
            ),
        ],
    },
    "en": {
        "title": "About Campus",
        "slug": "about",
        "introduction": (
            "Campus is the e-learning platform of the Regional Conference on Migration (RCM) "
            "for building the capacities of local governments."
        ),
        "body": [
            ("heading", "Who is it for?"),
            (
                "rich_text",
                "<p>For municipal, state and national officials of Belize, Canada, Costa Rica, "
                "the Dominican Republic, El Salvador, Guatemala, Honduras, Mexico, Nicaragua, "
                "Panama and the United States who serve people on the move or design public "
                "policy for them.</p>",
            ),
            ("heading", "How does it work?"),
            (
                "rich_text",
                "<ul><li>Self-paced courses in Spanish, English and French.</li>"
                "<li>Interactive activities and quizzes with feedback.</li>"
                "<li>Certificates that any institution can verify online.</li>"
                "<li>A library of good practices shared by the member countries.</li></ul>",
            ),
            (
                "callout",
                "The platform is built for slow connections and phones: pages are light and your "
                "progress is saved automatically.",
            ),
        ],
    },
    "fr": {
        "title": "À propos du Campus",
        "slug": "a-propos",
        "introduction": (
            "Le Campus est la plateforme de formation en ligne de la Conférence régionale sur "
            "les migrations (CRM) pour renforcer les capacités des collectivités locales."
        ),
        "body": [
            ("heading", "À qui s’adresse-t-il ?"),
            (
                "rich_text",
                "<p>Aux agents publics municipaux, régionaux et nationaux du Belize, du Canada, du "
                "Costa Rica, d’El Salvador, des États-Unis, du Guatemala, du Honduras, du Mexique, "
                "du Nicaragua, du Panama et de la République dominicaine qui accompagnent des "
                "personnes en mobilité ou conçoivent des politiques publiques à leur intention.</p>",
            ),
            ("heading", "Comment ça marche ?"),
            (
                "rich_text",
                "<ul><li>Des cours à suivre à votre rythme, en espagnol, en anglais et en "
                "français.</li><li>Des activités interactives et des quiz commentés.</li>"
                "<li>Des certificats que toute institution peut vérifier en ligne.</li>"
                "<li>Une bibliothèque de bonnes pratiques partagées par les pays membres.</li></ul>",
            ),
            (
                "callout",
                "La plateforme est conçue pour les connexions lentes et les téléphones : les pages "
                "sont légères et votre progression est enregistrée automatiquement.",
            ),
        ],
    },
}

PRIVACY = {
    "es": {
        "title": "Aviso de privacidad",
        "slug": "privacidad",
        "introduction": "Qué datos personales guarda el Campus, para qué y cuáles son sus derechos.",
        "body": [
            ("heading", "Datos que guardamos"),
            (
                "rich_text",
                "<p>Su correo electrónico y contraseña (cifrada), su nombre, país, nivel de "
                "gobierno, institución y cargo, su idioma preferido y, solo si usted lo indica, "
                "su género. También guardamos su avance en los cursos, sus respuestas a "
                "cuestionarios y los certificados emitidos.</p>",
            ),
            ("heading", "Para qué los usamos"),
            (
                "rich_text",
                "<p>Para darle acceso a los cursos, emitir y verificar sus certificados y "
                "elaborar estadísticas agregadas para los países miembros. Las cifras "
                "desagregadas nunca muestran grupos de menos de cinco personas.</p>",
            ),
            ("heading", "Sus derechos"),
            (
                "rich_text",
                "<p>Desde «Mi cuenta» puede corregir su perfil, descargar una copia de sus datos "
                "y pedir la eliminación de su cuenta. Los certificados ya emitidos siguen siendo "
                "verificables con su nombre.</p>",
            ),
        ],
    },
    "en": {
        "title": "Privacy notice",
        "slug": "privacy",
        "introduction": "What personal data Campus keeps, why, and what your rights are.",
        "body": [
            ("heading", "Data we keep"),
            (
                "rich_text",
                "<p>Your email address and password (hashed), your name, country, level of "
                "government, institution and position, your preferred language and, only if you "
                "give it, your gender. We also keep your course progress, your quiz answers and "
                "the certificates issued to you.</p>",
            ),
            ("heading", "What we use them for"),
            (
                "rich_text",
                "<p>To give you access to courses, issue and verify your certificates, and "
                "produce aggregate statistics for the member countries. Disaggregated figures "
                "never show groups of fewer than five people.</p>",
            ),
            ("heading", "Your rights"),
            (
                "rich_text",
                "<p>From “My account” you can correct your profile, download a copy of your data "
                "and ask for your account to be deleted. Certificates already issued remain "
                "verifiable with your name.</p>",
            ),
        ],
    },
    "fr": {
        "title": "Politique de confidentialité",
        "slug": "confidentialite",
        "introduction": (
            "Quelles données personnelles le Campus conserve, dans quel but, et quels sont vos droits."
        ),
        "body": [
            ("heading", "Les données que nous conservons"),
            (
                "rich_text",
                "<p>Votre adresse électronique et votre mot de passe (chiffré), votre nom, votre "
                "pays, votre niveau d’administration, votre institution et votre fonction, votre "
                "langue préférée et, seulement si vous l’indiquez, votre genre. Nous conservons "
                "aussi votre progression, vos réponses aux quiz et les certificats délivrés.</p>",
            ),
            ("heading", "Ce que nous en faisons"),
            (
                "rich_text",
                "<p>Vous donner accès aux cours, délivrer et vérifier vos certificats, et "
                "produire des statistiques agrégées pour les pays membres. Les chiffres ventilés "
                "ne montrent jamais de groupes de moins de cinq personnes.</p>",
            ),
            ("heading", "Vos droits"),
            (
                "rich_text",
                "<p>Depuis « Mon compte », vous pouvez corriger votre profil, télécharger une "
                "copie de vos données et demander la suppression de votre compte. Les certificats "
                "déjà délivrés restent vérifiables à votre nom.</p>",
            ),
        ],
    },
}

FOOTER = {
    "es": "<p>Campus es una iniciativa de la Conferencia Regional sobre Migración. "
    "Contenido de demostración.</p>",
    "en": "<p>Campus is an initiative of the Regional Conference on Migration. Demo content.</p>",
    "fr": "<p>Le Campus est une initiative de la Conférence régionale sur les migrations. "
    "Contenu de démonstration.</p>",
}
