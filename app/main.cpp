#include <app/application.h>

int main(int argc, char *argv[])
{
    return cosmicdesk::app::run(argc, argv, &cosmicdesk::app::createFrontend);
}
